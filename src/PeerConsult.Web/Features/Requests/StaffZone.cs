using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Requests;

/// <summary>The zone a signed-in staff member sees times in (RULES.md, Time): her own, else the Center's.</summary>
public static class StaffZone
{
    /// <summary>One compiled query per model: EF binds a compiled query to the model it first ran against.</summary>
    private static readonly ConditionalWeakTable<IModel, Func<AppDbContext, Guid, Task<string?>>> ZoneQueries = [];

    private static Func<AppDbContext, Guid, Task<string?>> CompileZoneQuery() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid id) => db.Users.Where(u => u.Id == id).Select(u => u.TimeZone).FirstOrDefault());

    /// <summary>Read with a compiled query: the queue is reloaded all day.</summary>
    public static async Task<string> ForAsync(AppDbContext db, ClaimsPrincipal user, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        var id = user.UserId();
        var zone = id is null ? null : await ZoneQueries.GetValue(db.Model, _ => CompileZoneQuery())(db, id.Value);
        return TimeZones.IsValidIana(zone) ? zone! : policy.CenterTimeZone;
    }
}
