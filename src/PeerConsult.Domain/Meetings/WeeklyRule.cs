using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Meetings;

/// <summary>
/// R3.2: a meeting's date, in the Center's time zone, must be at least MinDaysBetweenMeetings calendar days after
/// the date of her previous counting meeting and before the next one. Counting meetings are the ones held,
/// scheduled or missed; meetings cancelled in time do not count.
/// </summary>
public static class WeeklyRule
{
    /// <summary>The Center-zone date of an instant.</summary>
    public static DateOnly CenterDate(DateTime utc, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return DateOnly.FromDateTime(TimeZones.ToLocal(utc, policy.CenterTimeZone));
    }

    /// <summary>
    /// Null when <paramref name="start"/> keeps the spacing with every counting meeting in
    /// <paramref name="counting"/>; otherwise the first Center-zone date on or after the candidate's date that would.
    /// </summary>
    public static DateOnly? FirstAllowedDate(DateTime start, IEnumerable<DateTime> counting, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(counting);
        ArgumentNullException.ThrowIfNull(policy);
        var gap = policy.MinDaysBetweenMeetings;
        var others = counting.Select(s => CenterDate(s, policy)).Distinct().Order().ToList();
        var date = CenterDate(start, policy);
        if (others.All(o => Math.Abs(o.DayNumber - date.DayNumber) >= gap))
        {
            return null;
        }

        // Walk forward past every meeting that is too close. Each step moves strictly later (just outside one
        // meeting's range), and there are finitely many meetings, so the walk ends.
        var candidate = date;
        while (true)
        {
            var blocker = others.Where(o => Math.Abs(o.DayNumber - candidate.DayNumber) < gap).Select(o => (DateOnly?)o).FirstOrDefault();
            if (blocker is null)
            {
                return candidate;
            }

            candidate = blocker.Value.AddDays(gap);
        }
    }

    /// <summary>"You can book from …": the first date after her last counting meeting (or null when nothing limits her).</summary>
    public static DateOnly? NextBookableDate(IEnumerable<DateTime> counting, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(counting);
        ArgumentNullException.ThrowIfNull(policy);
        var last = counting.Select(s => CenterDate(s, policy)).DefaultIfEmpty().Max();
        return last == default ? null : last.AddDays(policy.MinDaysBetweenMeetings);
    }
}
