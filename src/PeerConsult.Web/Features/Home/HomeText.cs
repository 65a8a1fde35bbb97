namespace PeerConsult.Web.Features.Home;

/// <summary>Marker for the texts of the home and rules pages (HomeText.resx: Russian, HomeText.en.resx: English).</summary>
public sealed class HomeText;
