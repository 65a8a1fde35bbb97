using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure;

namespace PeerConsult.Web.Features.Home;

/// <summary>RULES.md R1–R8 in the Center's voice; every number comes from the policy, never from the text.</summary>
[AllowAnonymous]
public sealed class RulesModel(IOptions<CenterPolicy> policy, IOptions<CenterOptions> center) : PageModel
{
    public CenterPolicy Policy { get; } = policy.Value;

    public CenterOptions Center { get; } = center.Value;
}
