using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Policy;

public static class PolicyApi
{
    /// <summary>GET /api/v1/policy: the rule values in force, as the decisions record them.</summary>
    public static RouteGroupBuilder MapPolicyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/policy", (IOptions<CenterPolicy> policy) => TypedResults.Ok(policy.Value.Snapshot()))
            .RequireAuthorization(Policies.Administrator).WithTags("Policy").WithName("GetPolicy");
        return api;
    }
}
