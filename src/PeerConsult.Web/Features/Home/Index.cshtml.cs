using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Web.Features.Home;

/// <summary>The front door: what a peer consultation is and how to get one, for a tired mother on a phone.</summary>
[AllowAnonymous]
public sealed class IndexModel(IOptions<CenterPolicy> policy) : PageModel
{
    public CenterPolicy Policy { get; } = policy.Value;
}
