namespace PeerConsult.Web.Features.Portal;

/// <summary>Marker for the mother's sign-in and portal texts (PortalText.resx: Russian, PortalText.en.resx: English).</summary>
public sealed class PortalText;
