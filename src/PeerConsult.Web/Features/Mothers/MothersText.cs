namespace PeerConsult.Web.Features.Mothers;

/// <summary>Marker for the mother page's texts (MothersText.resx / MothersText.en.resx).</summary>
public sealed class MothersText;
