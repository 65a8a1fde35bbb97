using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Meetings;

/// <summary>
/// Where the database keeps the time a consultant's meetings hold (ADR 5, ADR 11).
/// <list type="bullet">
/// <item>SQLite: in <see cref="BusyQuarter"/> rows, whose unique (consultant, quarter) key refuses a second meeting in a quarter.</item>
/// <item>PostgreSQL: in the meetings themselves. The exclusion constraint refuses two overlapping meetings that hold
/// her time, so no quarter rows are written there. A booking saves four inserts and eight foreign-key checks.</item>
/// </list>
/// Reads on PostgreSQL round each meeting outward to the quarter grid, as its quarter rows would, so both providers
/// give the same answers (this hour is taken, these slots are free).
/// </summary>
public static class ConsultantTime
{
    /// <summary>R3.1's ceiling (the policy may not exceed it): an overlapping meeting starts less than this before.</summary>
    public static readonly TimeSpan LongestMeeting = TimeSpan.FromMinutes(60);

    /// <summary>The statuses whose meetings hold her time, from the domain's own switch.</summary>
    internal static readonly MeetingStatus[] Holding = [.. Enum.GetValues<MeetingStatus>().Where(Meeting.HoldsConsultantTime)];

    public static bool KeepsQuarters(AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db is not PostgresAppDbContext;
    }

    /// <summary>
    /// Whether another meeting holds any quarter of [start, end), not counting <paramref name="except"/> (the meeting
    /// being moved).
    /// </summary>
    public static Task<bool> TakenAsync(AppDbContext db, Guid consultantId, DateTime start, DateTime end, Guid? except, CancellationToken ct)
    {
        var first = BusyQuarter.Floor(start);
        if (KeepsQuarters(db))
        {
            return db.BusyQuarters.AsNoTracking().AnyAsync(q => q.ConsultantId == consultantId && q.Quarter >= first && q.Quarter < end && q.MeetingId != except, ct);
        }

        var last = BusyQuarter.Ceiling(end);
        var earliest = first - LongestMeeting;
        return db.Meetings.AsNoTracking().AnyAsync(
            m => m.ConsultantId == consultantId && m.Start > earliest && m.Start < last && m.End > first && Holding.Contains(m.Status) && m.Id != except,
            ct);
    }

    /// <summary>Her held time that touches [from, to), as quarter-rounded spans, for the free slots.</summary>
    public static async Task<IReadOnlyList<TimeSlot>> BusyAsync(AppDbContext db, Guid consultantId, DateTime from, DateTime to, CancellationToken ct)
    {
        if (KeepsQuarters(db))
        {
            var quarters = await db.BusyQuarters.AsNoTracking()
                .Where(q => q.ConsultantId == consultantId && q.Quarter >= from && q.Quarter < to)
                .Select(q => q.Quarter)
                .ToListAsync(ct);
            return [.. quarters.Select(q => new TimeSlot(q, q + BusyQuarter.Length))];
        }

        var earliest = from - LongestMeeting;
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.ConsultantId == consultantId && m.Start > earliest && m.Start < to && m.End > from && Holding.Contains(m.Status))
            .Select(m => new { m.Start, m.End })
            .ToListAsync(ct);
        return [.. meetings.Select(m => new TimeSlot(BusyQuarter.Floor(m.Start), BusyQuarter.Ceiling(m.End)))];
    }

    /// <summary>Stops the quarters of these meetings being held (SQLite); on PostgreSQL the meetings' new status does it.</summary>
    public static async Task FreeAsync(AppDbContext db, IReadOnlyCollection<Guid> meetingIds, CancellationToken ct)
    {
        if (!KeepsQuarters(db))
        {
            return;
        }

        var ids = meetingIds.ToList();
        db.BusyQuarters.RemoveRange(await db.BusyQuarters.Where(q => ids.Contains(q.MeetingId)).ToListAsync(ct));

        // Quarters claimed in this same unit of work (a move just now) are not in the database yet.
        db.BusyQuarters.RemoveRange(db.BusyQuarters.Local.Where(q => ids.Contains(q.MeetingId)).ToList());
    }

    /// <summary>
    /// After a move: keeps the quarters old and new share and swaps the rest, so the unique key is never hit by the
    /// meeting itself (SQLite). On PostgreSQL the meeting's new times are all there is.
    /// </summary>
    public static async Task MoveAsync(AppDbContext db, Meeting meeting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        if (!KeepsQuarters(db))
        {
            return;
        }

        var held = await db.BusyQuarters.Where(q => q.MeetingId == meeting.Id).ToListAsync(ct);
        var wanted = BusyQuarter.Covering(meeting.Start, meeting.End).ToHashSet();
        db.BusyQuarters.RemoveRange(held.Where(q => !wanted.Contains(q.Quarter)));
        var kept = held.Select(q => q.Quarter).ToHashSet();
        db.BusyQuarters.AddRange(wanted.Where(q => !kept.Contains(q)).Select(q => BusyQuarter.Claim(meeting.ConsultantId, q, meeting.Id)));
    }
}
