using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Policy;

[Authorize(Policy = Policies.Administrator)]
public sealed class PolicyPageModel(IOptions<CenterPolicy> policy) : PageModel
{
    public IReadOnlyDictionary<string, string> Values { get; } = policy.Value.Snapshot();

    public void OnGet()
    {
    }
}
