using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Caching;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Meetings;

public sealed record WindowInput(string? Day, string? Start, string? End);

public sealed record ExceptionInput(string? Date, string? Start, string? End);

public sealed record AvailabilityInput(string? TimeZone, IReadOnlyList<WindowInput>? Weekly, IReadOnlyList<ExceptionInput>? Exceptions);

/// <summary>Slots as a caller may see them: [First, End) of the cached set, or, for a mother, her own filtered list.</summary>
public sealed record SlotsView(FreeSlotSet Set, int First, int End, IReadOnlyList<TimeSlot>? Filtered);

/// <summary>A consultant's hours (issue "Meetings") and the free slots they leave (R3.1 length, R4.1 cutoff, R3.2 for a mother).</summary>
public sealed class AvailabilityHandler(IServiceProvider services, TimeProvider clock, IOptions<CenterPolicy> policy, ILogger<AvailabilityHandler> log, PublicVersions versions, SlotsCache cache)
{
    /// <summary>Slots are asked for at most this far ahead in one call; a month of hours is plenty to choose from.</summary>
    public static readonly TimeSpan MaxSlotRange = TimeSpan.FromDays(35);

    /// <summary>
    /// Resolved on first use: a slots answer from the cache needs no database, and making a DbContext (its options, its
    /// services) was most of such an answer's CPU time (docs/perf-public.md).
    /// </summary>
    private AppDbContext Db => field ??= services.GetRequiredService<AppDbContext>();

    public async Task<Outcome<Availability>> GetAsync(Guid consultantId, Caller caller, CancellationToken ct)
    {
        if (await MayEditAsync(consultantId, caller, ct) is { } refused)
        {
            return refused;
        }

        var row = await Db.Availabilities.AsNoTracking().SingleOrDefaultAsync(a => a.ConsultantId == consultantId, ct);
        return Outcome<Availability>.Ok(row?.ToDomain() ?? Availability.None);
    }

    public async Task<Outcome<Availability>> PutAsync(Guid consultantId, AvailabilityInput input, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await MayEditAsync(consultantId, caller, ct) is { } refused)
        {
            return refused;
        }

        var parsed = Parse(input);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = await Db.Availabilities.SingleOrDefaultAsync(a => a.ConsultantId == consultantId, ct);
        if (row is null)
        {
            Db.Availabilities.Add(ConsultantAvailability.Create(consultantId, parsed.Value!, caller.UserId, now));
        }
        else
        {
            row.Replace(parsed.Value!, caller.UserId, now);
        }

        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two editors at once: the second one reloads and tries again.
            return DomainError.Of(ErrorCodes.Concurrency);
        }

        log.LogInformation("Availability of consultant {ConsultantId} replaced", consultantId);
        return Outcome<Availability>.Ok(parsed.Value!);
    }

    /// <summary>
    /// Free slots of Policy:MeetingLength in [from, to), starting no earlier than now + Policy:ChangeCutoff (a meeting
    /// booked later could not be changed at all, R4.1). For a mother, only slots her weekly rule allows (R3.2: slots
    /// that would break it are not offered).
    /// </summary>
    public Task<Outcome<IReadOnlyList<TimeSlot>>> SlotsAsync(Guid consultantId, DateTime from, DateTime to, Caller caller, CancellationToken ct) =>
        SlotsAsync(consultantId, from, to, caller, null, ct);

    /// <summary>As above; <paramref name="moving"/> is her meeting being moved, which does not count against its own new time (R3.2).</summary>
    public async Task<Outcome<IReadOnlyList<TimeSlot>>> SlotsAsync(Guid consultantId, DateTime from, DateTime to, Caller caller, Guid? moving, CancellationToken ct)
    {
        var found = await FreeSlotsAsync(consultantId, from, to, caller, moving, ct);
        if (found.Error is { } error)
        {
            return error;
        }

        var view = found.Value!;
        return Outcome<IReadOnlyList<TimeSlot>>.Ok(view.Filtered ?? [.. view.Set.Slots.Skip(view.First).Take(view.End - view.First)]);
    }

    /// <summary>
    /// The slots as a view of the consultant's cached set (ADR 13): the set is computed from her hours and busy quarters
    /// over whole UTC days and kept while nothing of hers changes; the asked range and the cutoff at this moment are
    /// applied here, on every call, and a mother's weekly rule (R3.2) too, which then makes a list of its own.
    /// </summary>
    public async Task<Outcome<SlotsView>> FreeSlotsAsync(Guid consultantId, DateTime from, DateTime to, Caller caller, Guid? moving, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (to <= from || to - from > MaxSlotRange)
        {
            return DomainError.Of(ErrorCodes.InvalidRange, ("maxDays", ((int)MaxSlotRange.TotalDays).ToString(CultureInfo.InvariantCulture)));
        }

        var set = await FreeSlotSetAsync(consultantId, Instants.RequireUtc(from, nameof(from)).Date, CeilingDay(Instants.RequireUtc(to, nameof(to))), ct);
        if (set is null)
        {
            return DomainError.Of(ErrorCodes.ConsultantNotFound);
        }

        var p = policy.Value;
        var earliest = clock.GetUtcNow().UtcDateTime + p.ChangeCutoff;
        var (first, end) = set.Range(earliest > from ? earliest : from, to);
        if (caller.IsMother && !caller.IsAdministrator)
        {
            var motherId = await Db.Mothers.Where(m => m.UserId == caller.UserId).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(ct);
            if (motherId is { } id)
            {
                var counting = await MeetingRules.CountingStartsAsync(Db, id, moving, ct);
                List<TimeSlot> allowed = [.. set.Slots.Skip(first).Take(end - first).Where(s => WeeklyRule.FirstAllowedDate(s.Start, counting, p) is null)];
                return Outcome<SlotsView>.Ok(new SlotsView(set, first, end, allowed));
            }
        }

        return Outcome<SlotsView>.Ok(new SlotsView(set, first, end, null));
    }

    /// <summary>Her free slots over [fromDay, toDay) from the cache while her stamp holds, else from the database; null if she does not exist.</summary>
    private async Task<FreeSlotSet?> FreeSlotSetAsync(Guid consultantId, DateTime fromDay, DateTime toDay, CancellationToken ct)
    {
        // The stamp is read before the data: a change committed meanwhile moves it, so what is stored below is never
        // served for a newer state (ADR 13).
        var trusted = versions.Trusted;
        var stamp = versions.Slots(consultantId);
        if (trusted && cache.Find(consultantId, fromDay, toDay, stamp) is { } cached)
        {
            return cached;
        }

        if (!await Db.Consultants.AnyAsync(c => c.Id == consultantId, ct))
        {
            return null;
        }

        var row = await Db.Availabilities.AsNoTracking().SingleOrDefaultAsync(a => a.ConsultantId == consultantId, ct);
        IReadOnlyList<TimeSlot> slots = [];
        if (row is not null)
        {
            var p = policy.Value;
            var lookFrom = fromDay - p.MaxMeetingLength;
            var lookTo = toDay + p.MaxMeetingLength;
            var busy = await ConsultantTime.BusyAsync(Db, consultantId, lookFrom, lookTo, ct);
            slots = row.ToDomain().FreeSlots(fromDay, toDay, p.MeetingLength, busy, fromDay);
        }

        var set = FreeSlotSet.Create(stamp, slots, cache.Json);
        if (trusted)
        {
            cache.Store(consultantId, fromDay, toDay, set);
        }

        return set;
    }

    private static DateTime CeilingDay(DateTime instant) => instant == instant.Date ? instant : instant.Date.AddDays(1);

    /// <summary>An administrator, or the consultant herself (her account is the consultant's UserId).</summary>
    private async Task<DomainError?> MayEditAsync(Guid consultantId, Caller caller, CancellationToken ct)
    {
        var owner = await Db.Consultants.Where(c => c.Id == consultantId).Select(c => (Guid?)c.UserId).SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            return DomainError.Of(ErrorCodes.ConsultantNotFound);
        }

        return caller.IsAdministrator || (caller.IsConsultant && owner == caller.UserId) ? null : DomainError.Of(ErrorCodes.Forbidden);
    }

    /// <summary>
    /// Text to the domain value. Times are "HH:mm" on the quarter-hour grid, so every slot claims whole 15-minute
    /// quarters and neighbouring meetings never collide by rounding (ADR 0005).
    /// </summary>
    private static Result<Availability> Parse(AvailabilityInput input)
    {
        var invalid = DomainError.Of(ErrorCodes.InvalidAvailability);
        var weekly = new List<WeeklyWindow>();
        foreach (var w in input.Weekly ?? [])
        {
            if (w is null || !TryDay(w.Day, out var day) || !TryTime(w.Start, out var start) || !TryTime(w.End, out var end))
            {
                return invalid;
            }

            weekly.Add(new WeeklyWindow(day, start, end));
        }

        var exceptions = new List<AvailabilityException>();
        foreach (var e in input.Exceptions ?? [])
        {
            if (e is null || !DateOnly.TryParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return invalid;
            }

            TimeOnly? start = null;
            TimeOnly? end = null;
            if (e.Start is not null || e.End is not null)
            {
                if (!TryTime(e.Start, out var s) || !TryTime(e.End, out var en))
                {
                    return invalid;
                }

                (start, end) = (s, en);
            }

            exceptions.Add(new AvailabilityException(date, start, end));
        }

        return Availability.Create(input.TimeZone, weekly, exceptions);
    }

    private static bool TryDay(string? text, out DayOfWeek day)
    {
        day = default;
        return text is not null && !text.Any(char.IsDigit) && Enum.TryParse(text, ignoreCase: true, out day) && Enum.IsDefined(day);
    }

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time) && time.Minute % 15 == 0;
}
