using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>
/// The quarters of a consultant's time that meetings hold, where the provider keeps them (<see cref="ConsultantTime"/>):
/// the quarter rows on SQLite. On PostgreSQL no quarter row may exist (the exclusion constraint guards the meetings
/// themselves), and the quarters are those the holding meetings cover.
/// </summary>
public static class HeldTime
{
    public static Task<int> QuartersAsync(this PeerConsultFactory factory, Expression<Func<Meeting, bool>> meetings)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithDbAsync(async db =>
        {
            var ids = await db.Meetings.Where(meetings).Select(m => m.Id).ToListAsync();
            if (ConsultantTime.KeepsQuarters(db))
            {
                return await db.BusyQuarters.CountAsync(q => ids.Contains(q.MeetingId));
            }

            Assert.Equal(0, await db.BusyQuarters.CountAsync());
            var held = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync();
            return held.Where(m => Meeting.HoldsConsultantTime(m.Status)).Sum(m => BusyQuarter.Covering(m.Start, m.End).Count);
        });
    }

    /// <summary>The first instants of the quarters one meeting holds, in order.</summary>
    public static Task<List<DateTime>> QuarterStartsAsync(this PeerConsultFactory factory, Guid meetingId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithDbAsync(async db =>
        {
            if (ConsultantTime.KeepsQuarters(db))
            {
                return await db.BusyQuarters.Where(q => q.MeetingId == meetingId).OrderBy(q => q.Quarter).Select(q => q.Quarter).ToListAsync();
            }

            var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId);
            return Meeting.HoldsConsultantTime(meeting.Status) ? [.. BusyQuarter.Covering(meeting.Start, meeting.End)] : [];
        });
    }
}
