namespace PeerConsult.Web.Features.Policy;

/// <summary>Marker for the policy page's texts (PolicyText.resx / PolicyText.en.resx).</summary>
public sealed class PolicyText;
