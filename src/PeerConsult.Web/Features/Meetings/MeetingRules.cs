using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Meetings;

/// <summary>Reads shared by booking, slots and the mother's page.</summary>
public static class MeetingRules
{
    /// <summary>R3.2: the starts of her meetings that keep the weekly spacing (held, scheduled, missed), optionally but one.</summary>
    public static async Task<List<DateTime>> CountingStartsAsync(AppDbContext db, Guid motherId, Guid? except, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.MotherId == motherId && m.Id != except).ToListAsync(ct);
        return [.. meetings.Where(m => m.CountsForSpacing).Select(m => m.Start)];
    }
}
