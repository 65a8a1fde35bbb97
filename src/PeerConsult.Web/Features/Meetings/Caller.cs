using System.Security.Claims;
using PeerConsult.Domain.Common;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Meetings;

/// <summary>Who is asking, by role; ownership (her request, her meeting, her hours) is always checked inside the query.</summary>
public sealed record Caller(Guid UserId, bool IsAdministrator, bool IsConsultant, bool IsMother)
{
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(
            user.UserId() ?? throw new InvalidOperationException("Signed-in user without id."),
            user.IsInRole(Roles.Administrator),
            user.IsInRole(Roles.Consultant),
            user.IsInRole(Roles.Mother));
    }

    public Actor Actor =>
        IsAdministrator ? Actor.Administrator(UserId)
        : IsConsultant ? Actor.Consultant(UserId)
        : Actor.Mother(UserId);
}
