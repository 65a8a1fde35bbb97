namespace PeerConsult.Web.Features.Consultants;

/// <summary>Marker for the public catalog's texts (CatalogText.resx: Russian, CatalogText.en.resx: English).</summary>
public sealed class CatalogText;
