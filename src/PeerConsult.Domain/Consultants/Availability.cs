using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Consultants;

/// <summary>Hours a consultant keeps every week, in her own zone: "Monday 10:00–14:00".</summary>
public sealed record WeeklyWindow(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>A change for one date in her zone: a day off (no hours) or extra hours that day.</summary>
public sealed record AvailabilityException(DateOnly Date, TimeOnly? Start, TimeOnly? End)
{
    public bool IsDayOff => Start is null && End is null;
}

/// <summary>A free slot, as instants.</summary>
public sealed record TimeSlot(DateTime Start, DateTime End);

/// <summary>
/// A consultant's availability (R3, issue "Meetings"): weekly windows and exceptions in HER time zone. Slots are
/// produced on local wall-clock times and converted to instants through the zone's rules, so a DST change moves
/// nothing a person would not expect; local times that do not exist (the spring-forward gap) are skipped.
/// </summary>
public sealed record Availability(string TimeZone, IReadOnlyList<WeeklyWindow> Weekly, IReadOnlyList<AvailabilityException> Exceptions)
{
    public const int MaxWindows = 50;
    public const int MaxExceptions = 366;

    public static readonly Availability None = new("UTC", [], []);

    public static Result<Availability> Create(string? timeZone, IReadOnlyList<WeeklyWindow>? weekly, IReadOnlyList<AvailabilityException>? exceptions)
    {
        if (!TimeZones.IsValidIana(timeZone))
        {
            return DomainError.Of(ErrorCodes.InvalidTimeZone);
        }

        weekly ??= [];
        exceptions ??= [];
        if (weekly.Count > MaxWindows || exceptions.Count > MaxExceptions)
        {
            return DomainError.Of(ErrorCodes.TooLong, ("max", MaxWindows.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (weekly.Any(w => !Enum.IsDefined(w.Day) || w.End <= w.Start)
            || exceptions.Any(e => !e.IsDayOff && (e.Start is null || e.End is null || e.End <= e.Start)))
        {
            return DomainError.Of(ErrorCodes.InvalidAvailability);
        }

        // Extra hours may not overlap each other or the weekday's own hours: one hour is never offered twice.
        var overlapping = weekly.GroupBy(w => w.Day).Any(day => Overlaps(day.Select(w => (w.Start, w.End))))
            || exceptions.Where(e => !e.IsDayOff).GroupBy(e => e.Date).Any(day => Overlaps(
                day.Select(e => (e.Start!.Value, e.End!.Value)).Concat(weekly.Where(w => w.Day == day.Key.DayOfWeek).Select(w => (w.Start, w.End)))));
        if (overlapping)
        {
            return DomainError.Of(ErrorCodes.InvalidAvailability);
        }

        return new Availability(timeZone!, [.. weekly.OrderBy(w => w.Day).ThenBy(w => w.Start)], [.. exceptions.OrderBy(e => e.Date).ThenBy(e => e.Start)]);
    }

    /// <summary>
    /// Free slots of <paramref name="length"/> starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), stepping by the
    /// length from each window's start, ending within the window (judged on instants), not overlapping
    /// <paramref name="busy"/>, and starting at or after <paramref name="earliest"/>.
    /// </summary>
    public IReadOnlyList<TimeSlot> FreeSlots(DateTime fromUtc, DateTime toUtc, TimeSpan length, IEnumerable<TimeSlot> busy, DateTime earliest)
    {
        Instants.RequireUtc(fromUtc, nameof(fromUtc));
        Instants.RequireUtc(toUtc, nameof(toUtc));
        ArgumentNullException.ThrowIfNull(busy);
        if (length <= TimeSpan.Zero || toUtc <= fromUtc || Weekly.Count == 0 && Exceptions.Count == 0)
        {
            return [];
        }

        var zone = TimeZones.Find(TimeZone);
        var taken = busy.ToList();
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, zone)).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(toUtc, zone)).AddDays(1);
        var slots = new List<TimeSlot>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var (start, end) in WindowsOn(day))
            {
                var windowEnd = ToInstant(day.ToDateTime(end), zone);
                for (var local = day.ToDateTime(start); local + length <= day.ToDateTime(end); local += length)
                {
                    if (zone.IsInvalidTime(local))
                    {
                        continue;
                    }

                    var slotStart = TimeZoneInfo.ConvertTimeToUtc(local, zone);
                    var slot = new TimeSlot(slotStart, slotStart + length);
                    if (slot.End > windowEnd)
                    {
                        // A window that ends inside the spring-forward gap ends, in real time, when the gap begins.
                        continue;
                    }

                    if (slot.Start >= fromUtc && slot.Start < toUtc && slot.Start >= earliest && !taken.Any(b => b.Start < slot.End && slot.Start < b.End))
                    {
                        slots.Add(slot);
                    }
                }
            }
        }

        return [.. slots.Distinct().OrderBy(s => s.Start)];
    }

    /// <summary>Does a meeting at these instants fall inside her hours (for a booking that did not come from the slot list)?</summary>
    public bool Covers(DateTime startUtc, TimeSpan length) =>
        FreeSlots(startUtc, startUtc.AddTicks(1), length, [], DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)).Any(s => s.Start == startUtc);

    /// <summary>A local time as an instant; a time inside the spring-forward gap becomes the instant the gap begins.</summary>
    private static DateTime ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var probe = local;
        while (zone.IsInvalidTime(probe))
        {
            probe = probe.AddMinutes(-1);
        }

        var instant = TimeZoneInfo.ConvertTimeToUtc(probe, zone);
        return probe == local ? instant : instant.AddMinutes(1);
    }

    private IEnumerable<(TimeOnly Start, TimeOnly End)> WindowsOn(DateOnly day)
    {
        var exceptions = Exceptions.Where(e => e.Date == day).ToList();
        if (exceptions.Any(e => e.IsDayOff))
        {
            return [];
        }

        return Weekly.Where(w => w.Day == day.DayOfWeek).Select(w => (w.Start, w.End))
            .Concat(exceptions.Select(e => (e.Start!.Value, e.End!.Value)));
    }

    private static bool Overlaps(IEnumerable<(TimeOnly Start, TimeOnly End)> windows)
    {
        var sorted = windows.OrderBy(w => w.Start).ToList();
        return sorted.Zip(sorted.Skip(1)).Any(pair => pair.Second.Start < pair.First.End);
    }
}
