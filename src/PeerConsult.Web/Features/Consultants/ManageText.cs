namespace PeerConsult.Web.Features.Consultants;

/// <summary>Marker for the consultant management texts (ManageText.resx: Russian, ManageText.en.resx: English).</summary>
public sealed class ManageText;
