namespace PeerConsult.Web.Features.ConsultantDesk;

/// <summary>Marker for the texts of the consultant's pages (DeskText.resx: Russian, DeskText.en.resx: English).</summary>
public sealed class DeskText;
