namespace PeerConsult.Web.Features.Meetings;

/// <summary>
/// One 15-minute UTC quarter of a consultant's time claimed by a meeting. The primary key (ConsultantId, Quarter) is
/// the unique constraint that makes double booking impossible whatever the application checked before: two meetings
/// that overlap share at least one quarter, so the second insert fails (ADR 0005).
/// </summary>
public sealed class BusyQuarter
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(15);

    private BusyQuarter()
    {
    }

    public Guid ConsultantId { get; private set; }

    /// <summary>The quarter's first instant (UTC, on the :00/:15/:30/:45 grid).</summary>
    public DateTime Quarter { get; private set; }

    public Guid MeetingId { get; private set; }

    public static BusyQuarter Claim(Guid consultantId, DateTime quarter, Guid meetingId) => new()
    {
        ConsultantId = consultantId,
        Quarter = quarter,
        MeetingId = meetingId,
    };

    /// <summary>
    /// Every quarter [start, end) touches: the first one rounded down, the last one rounded up. Meetings on the grid
    /// claim exactly their own quarters; one off the grid claims the partial quarters too (never fewer, so overlaps are
    /// always caught; availability is kept on the grid so neighbours never collide by rounding).
    /// </summary>
    public static IReadOnlyList<DateTime> Covering(DateTime start, DateTime end)
    {
        var first = Floor(start);
        var quarters = new List<DateTime>();
        for (var q = first; q < end; q += Length)
        {
            quarters.Add(q);
        }

        return quarters;
    }

    /// <summary>The first instant of the quarter <paramref name="instant"/> falls in: rounded down to the grid.</summary>
    public static DateTime Floor(DateTime instant) => new(instant.Ticks - (instant.Ticks % Length.Ticks), DateTimeKind.Utc);

    /// <summary><paramref name="instant"/> rounded up to the grid (unchanged when on it): where a span's last quarter ends.</summary>
    public static DateTime Ceiling(DateTime instant)
    {
        var floor = Floor(instant);
        return floor == instant ? instant : floor + Length;
    }
}
