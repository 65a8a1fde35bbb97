using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Meetings;

public sealed record BookCommand(Guid RequestId, DateTime Start);

/// <summary>A move (Start set) or a cancellation. Initiator and RequestedAt are honoured only for an administrator (R4.2).</summary>
public sealed record ChangeCommand(Guid MeetingId, DateTime? Start, Initiator? Initiator, DateTime? RequestedAt, string? Reason);

public sealed record MeetingResult(Guid Id, DateTime Start, DateTime End, MeetingStatus Status);

/// <summary>
/// Booking, moving, cancelling and outcomes (R2.3, R3, R4, R5). Every use case is one transaction: the meeting, the
/// consultant's claimed quarters, the mother's row (its Version is bumped so two changes for one mother serialize),
/// her violations and their R5.2 consequences, and the outbox. The database has the last word on double booking
/// (unique quarters) and on the weekly rule under concurrency (the mother's version); see ADR 0005.
/// </summary>
public sealed class MeetingActionsHandler(
    AppDbContext db,
    TimeProvider clock,
    IOptions<CenterPolicy> policyOptions,
    IOptions<CenterOptions> center,
    IOptions<PortalOptions> portal,
    MessageComposer composer,
    ILogger<MeetingActionsHandler> log)
{
    /// <summary>A concurrency conflict re-reads and re-judges; a conflict that persists this often is reported as such.</summary>
    private const int Attempts = 3;

    public const string BookedKind = "consultant.meeting-booked";
    public const string MovedKind = "consultant.meeting-moved";
    public const string CancelledKind = "consultant.meeting-cancelled";

    private CenterPolicy Policy => policyOptions.Value;

    public Task<Outcome<MeetingResult>> BookAsync(BookCommand command, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return WithRetryAsync(() => TryBookAsync(command, caller, ct));
    }

    public Task<Outcome<MeetingResult>> RescheduleAsync(ChangeCommand command, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return WithRetryAsync(() => TryChangeAsync(command, caller, ct));
    }

    public Task<Outcome<MeetingResult>> CancelAsync(ChangeCommand command, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return WithRetryAsync(() => TryChangeAsync(command with { Start = null }, caller, ct));
    }

    public Task<Outcome<MeetingResult>> RecordOutcomeAsync(Guid meetingId, MeetingOutcome outcome, Caller caller, CancellationToken ct) =>
        WithRetryAsync(() => TryRecordOutcomeAsync(meetingId, outcome, caller, ct));

    public Task<Meeting?> FindAsync(Guid meetingId, Caller caller, CancellationToken ct) =>
        Visible(caller).AsNoTracking().Include(m => m.Changes).SingleOrDefaultAsync(m => m.Id == meetingId, ct);

    private async Task<Outcome<MeetingResult>> TryBookAsync(BookCommand command, Caller caller, CancellationToken ct)
    {
        var now = Now();
        var view = await ReadForBookingAsync(command, caller, ct);
        if (view is null)
        {
            return DomainError.Of(ErrorCodes.RequestNotFound);
        }

        var request = view.Request;
        if (request.Status is not (RequestStatus.AwaitingMotherContact or RequestStatus.InTouch) || request.ConsultantId is not { } consultantId)
        {
            return DomainError.Of(ErrorCodes.InvalidStatus, ("requestStatus", request.Status.ToString()));
        }

        var mother = view.Mother;
        if (mother.Eligibility != Eligibility.Eligible)
        {
            return DomainError.Of(ErrorCodes.NotEligible, ("eligibility", mother.Eligibility.ToString()));
        }

        var scheduled = Meeting.Schedule(request.Id, mother.Id, consultantId, command.Start, Policy.MeetingLength, now, Policy);
        if (!scheduled.IsSuccess)
        {
            return scheduled.Error!;
        }

        // The slot's checks on what the one read brought.
        var meeting = scheduled.Value!;
        var availability = view.Zone is null ? null : ConsultantAvailability.ToDomain(view.Zone, view.Weekly!, view.Exceptions!);
        var counting = view.Meetings.Where(m => Meeting.CountsForSpacingOf(m.Status, m.CancelledInTime, m.CancelledBy)).Select(m => m.Start);
        if (JudgeSlot(meeting, availability, counting, view.Taken) is { } refused)
        {
            return refused;
        }

        // R2.3: booking a meeting with her consultant is getting in touch.
        if (request.Status == RequestStatus.AwaitingMotherContact)
        {
            var contacted = request.MarkMotherContacted(now, caller.Actor, now, Policy);
            if (!contacted.IsSuccess)
            {
                return contacted.Error!;
            }
        }

        db.Meetings.Add(meeting);
        var claims = ConsultantTime.KeepsQuarters(db)
            ? BusyQuarter.Covering(meeting.Start, meeting.End).Select(q => BusyQuarter.Claim(consultantId, q, meeting.Id)).ToList()
            : null;
        TouchVersion(mother);

        NotifyConsultant(BookedKind, $"meeting-booked:{meeting.Id}", meeting, mother.Name, request.Number, null, now, view.Zone ?? view.ConsultantZone!);

        var saved = await SaveAsync(meeting, null, ct, claims);
        if (saved.IsSuccess)
        {
            log.LogInformation("Meeting {MeetingId} booked on request {RequestId}", meeting.Id, request.Id);
        }

        return saved;
    }

    /// <summary>
    /// Everything a booking judges, in one query (issue #8: it was six round trips): the request (a mother's own only:
    /// anyone else's is simply not found) and the mother, both tracked because the booking changes them; the
    /// consultant's hours and zone; whether any of her quarters in the slot is taken; and the mother's meetings for
    /// R3.2, as the three columns that decide whether one counts. The quarters' unique key and the mother's version
    /// still have the last word at commit (ADR 5): this read only gives the friendly answers.
    /// </summary>
    /// <remarks>
    /// Compiled once per model (docs/perf-bookings.md): built per call, this query's expression tree and EF's hashing
    /// and comparing of it against the query cache were about a tenth of a booking's CPU.
    /// </remarks>
    private Task<BookingView?> ReadForBookingAsync(BookCommand command, Caller caller, CancellationToken ct)
    {
        var end = command.Start + Policy.MeetingLength;
        var first = BusyQuarter.Floor(command.Start);
        var last = BusyQuarter.Ceiling(end);
        var earliest = first - ConsultantTime.LongestMeeting;
        var (quartersTo, meetingsTo) = ConsultantTime.KeepsQuarters(db) ? (last, earliest) : (first, last);
        return BookingReads.GetValue(db.Model, _ => CompileBookingRead())(
            db, command.RequestId, caller.IsAdministrator, caller.UserId, first, quartersTo, earliest, meetingsTo, ct);
    }

    /// <summary>One compiled booking read per model: EF binds a compiled query to the model it first ran against.</summary>
    private static readonly ConditionalWeakTable<IModel, Func<AppDbContext, Guid, bool, Guid, DateTime, DateTime, DateTime, DateTime, CancellationToken, Task<BookingView?>>> BookingReads = [];

    /// <summary>
    /// Where the read looks for her taken time: quarter rows in [first, quartersTo), and meetings that hold her time,
    /// start in (earliest, meetingsTo) and end after <c>first</c> (so rounded to the quarter grid as their quarters
    /// would be). The store a provider does not keep (<see cref="ConsultantTime"/>) gets an empty window: one index
    /// probe that finds nothing.
    /// </summary>
    private static Func<AppDbContext, Guid, bool, Guid, DateTime, DateTime, DateTime, DateTime, CancellationToken, Task<BookingView?>> CompileBookingRead() => EF.CompileAsyncQuery(
        (AppDbContext db, Guid requestId, bool isAdministrator, Guid userId, DateTime first, DateTime quartersTo, DateTime earliest, DateTime meetingsTo, CancellationToken ct) => (
            from r in db.Requests
            where r.Id == requestId
            join m in db.Mothers on r.MotherId equals m.Id
            where isAdministrator || m.UserId == userId
            join a in db.Availabilities on r.ConsultantId equals a.ConsultantId into availabilities
            from a in availabilities.DefaultIfEmpty()
            select new BookingView(
                r,
                m,
                a == null ? null : a.TimeZone,
                a == null ? null : a.Weekly,
                a == null ? null : a.Exceptions,
                db.Consultants.Where(c => c.Id == r.ConsultantId).Select(c => c.TimeZone).FirstOrDefault(),
                db.BusyQuarters.Any(q => q.ConsultantId == r.ConsultantId && q.Quarter >= first && q.Quarter < quartersTo)
                    || db.Meetings.Any(x => x.ConsultantId == r.ConsultantId && x.Start > earliest && x.Start < meetingsTo && x.End > first && ConsultantTime.Holding.Contains(x.Status)),
                db.Meetings.Where(x => x.MotherId == r.MotherId).Select(x => new SpacingRow(x.Start, x.Status, x.CancelledInTime, x.CancelledBy)).ToList()))
            .SingleOrDefault());

    private sealed record SpacingRow(DateTime Start, MeetingStatus Status, bool? CancelledInTime, Initiator? CancelledBy);

    private sealed record BookingView(
        ConsultationRequest Request,
        Mother Mother,
        string? Zone,
        string? Weekly,
        string? Exceptions,
        string? ConsultantZone,
        bool Taken,
        List<SpacingRow> Meetings);

    private async Task<Outcome<MeetingResult>> TryChangeAsync(ChangeCommand command, Caller caller, CancellationToken ct)
    {
        if (command.Reason is { Length: > Infrastructure.Persistence.Configurations.MeetingChangeConfiguration.ReasonMaxLength })
        {
            return Outcome<MeetingResult>.Invalid(new Dictionary<string, DomainError>
            {
                ["Reason"] = DomainError.Of(ErrorCodes.TooLong, ("max", Infrastructure.Persistence.Configurations.MeetingChangeConfiguration.ReasonMaxLength.ToString(CultureInfo.InvariantCulture))),
            });
        }

        var now = Now();
        var meeting = await Visible(caller).SingleOrDefaultAsync(m => m.Id == command.MeetingId, ct);
        if (meeting is null)
        {
            return DomainError.Of(ErrorCodes.MeetingNotFound);
        }

        // R4.2–R4.3: staff record when she asked and who initiated; she herself is always the initiator and acts now.
        var ownConsultant = !caller.IsAdministrator && caller.IsConsultant
            && await db.Consultants.AnyAsync(c => c.Id == meeting.ConsultantId && c.UserId == caller.UserId, ct);
        var (by, staff, requestedAt) = caller.IsAdministrator ? (command.Initiator ?? Initiator.Mother, true, command.RequestedAt)
            : ownConsultant ? (Initiator.Consultant, true, (DateTime?)null)
            : (Initiator.Mother, false, (DateTime?)null);

        var mother = await LoadMotherAsync(meeting.MotherId, ct);
        var startBefore = meeting.Start;
        Result<ViolationKind?> changed;
        if (command.Start is { } newStart)
        {
            changed = meeting.Reschedule(newStart, by, staff, requestedAt, now, Policy);
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            if (await CheckSlotAsync(meeting, meeting.Id, ct) is { } refused)
            {
                return refused;
            }

            await ConsultantTime.MoveAsync(db, meeting, ct);
        }
        else
        {
            changed = meeting.Cancel(by, staff, requestedAt, command.Reason, now, Policy);
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            await ConsultantTime.FreeAsync(db, [meeting.Id], ct);
        }

        TouchVersion(mother);
        Guid? release = null;
        if (changed.Value is { } kind)
        {
            // R5.1: she asked at this time (judged against the cutoff); that is when the violation happened.
            var asked = meeting.Changes[^1].RequestedAt;
            release = await RecordViolationAsync(mother, meeting.Id, kind, asked, now, ct);
        }

        // The consultant hears about every change to her meeting, except the ones she made herself.
        var consultantIsCaller = await db.Consultants.AnyAsync(c => c.Id == meeting.ConsultantId && c.UserId == caller.UserId, ct);
        if (!consultantIsCaller)
        {
            var number = await db.Requests.Where(r => r.Id == meeting.RequestId).Select(r => r.Number).SingleAsync(ct);
            var change = meeting.Changes[^1];
            if (meeting.Status == MeetingStatus.Cancelled)
            {
                // A late move that R5.2 turns into a cancellation: she is told about the time she knew, not the new one.
                await NotifyConsultantAsync(CancelledKind, $"meeting-cancelled:{meeting.Id}", meeting, mother.Name, number, null, now, ct, startBefore);
            }
            else
            {
                await NotifyConsultantAsync(MovedKind, $"meeting-moved:{meeting.Id}:{change.Id}", meeting, mother.Name, number, change.FromStart, now, ct);
            }
        }

        var saved = await SaveAsync(meeting, release, ct);
        if (saved.IsSuccess)
        {
            log.LogInformation("Meeting {MeetingId} {Change} by {Initiator}", meeting.Id, command.Start is null ? "cancelled" : "moved", by);
        }

        return saved;
    }

    private async Task<Outcome<MeetingResult>> TryRecordOutcomeAsync(Guid meetingId, MeetingOutcome outcome, Caller caller, CancellationToken ct)
    {
        var now = Now();

        // The meeting's consultant or an administrator; a mother never records what happened.
        var meeting = await db.Meetings
            .Where(m => m.Id == meetingId)
            .Where(m => caller.IsAdministrator || (caller.IsConsultant && db.Consultants.Any(c => c.Id == m.ConsultantId && c.UserId == caller.UserId)))
            .SingleOrDefaultAsync(ct);
        if (meeting is null)
        {
            return DomainError.Of(ErrorCodes.MeetingNotFound);
        }

        var recorded = meeting.RecordOutcome(outcome, now);
        if (!recorded.IsSuccess)
        {
            return recorded.Error!;
        }

        // The consultant's time is released only when the meeting did not take place through no one's fault;
        // held and missed meetings keep their quarters, so history and the busy table agree.
        if (!Meeting.HoldsConsultantTime(meeting.Status))
        {
            await ConsultantTime.FreeAsync(db, [meeting.Id], ct);
        }

        Guid? release = null;
        if (recorded.Value is { } kind)
        {
            var mother = await LoadMotherAsync(meeting.MotherId, ct);
            TouchVersion(mother);
            release = await RecordViolationAsync(mother, meeting.Id, kind, meeting.Start, now, ct);
        }

        var saved = await SaveAsync(meeting, release, ct);
        if (saved.IsSuccess)
        {
            log.LogInformation("Meeting {MeetingId} outcome {Outcome}", meeting.Id, outcome);
        }

        return saved;
    }

    /// <summary>Availability (R3), the weekly rule (R3.2, this meeting excluded when moving) and the consultant's other meetings.</summary>
    private async Task<DomainError?> CheckSlotAsync(Meeting meeting, Guid? except, CancellationToken ct)
    {
        var availability = await db.Availabilities.AsNoTracking().SingleOrDefaultAsync(a => a.ConsultantId == meeting.ConsultantId, ct);
        var counting = await MeetingRules.CountingStartsAsync(db, meeting.MotherId, except, ct);
        var taken = await ConsultantTime.TakenAsync(db, meeting.ConsultantId, meeting.Start, meeting.End, except, ct);
        return JudgeSlot(meeting, availability?.ToDomain(), counting, taken);
    }

    /// <summary>
    /// A slot's checks in their order (the first refusal is the answer): inside her hours, R3.2's week, free. The
    /// quarters' unique key still has the last word at commit (ADR 5).
    /// </summary>
    private DomainError? JudgeSlot(Meeting meeting, Domain.Consultants.Availability? availability, IEnumerable<DateTime> counting, bool taken)
    {
        if (availability is null || !availability.Covers(meeting.Start, meeting.End - meeting.Start))
        {
            return DomainError.Of(ErrorCodes.OutsideAvailability);
        }

        if (WeeklyRule.FirstAllowedDate(meeting.Start, counting, Policy) is { } first)
        {
            return DomainError.Of(ErrorCodes.WeeklyLimit, ("firstAllowedDate", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return taken ? DomainError.Of(ErrorCodes.SlotTaken) : null;
    }

    /// <summary>
    /// R5.1–R5.2: records the violation; when it refuses the free service, cancels her future meetings (freeing their
    /// quarters), closes her open request and tells her kindly. Returns the consultant whose place is to be released.
    /// </summary>
    private async Task<Guid?> RecordViolationAsync(Mother mother, Guid meetingId, ViolationKind kind, DateTime occurredAt, DateTime now, CancellationToken ct)
    {
        if (!mother.RecordViolation(meetingId, kind, occurredAt, Policy, now))
        {
            return null;
        }

        var decision = mother.Decisions[^1];
        var future = await db.Meetings.Where(m => m.MotherId == mother.Id && m.Status == MeetingStatus.Scheduled && m.Start > now).ToListAsync(ct);
        var cancelledMeetings = future.Where(m => m.CancelForRefusal(now)).ToList();
        var cancelled = cancelledMeetings.Select(m => m.Id).ToList();
        await ConsultantTime.FreeAsync(db, cancelled, ct);
        // The meeting being changed right now (a late move) is told about by the change itself.
        foreach (var m in cancelledMeetings.Where(m => m.Id != meetingId))
        {
            var number = await db.Requests.Where(r => r.Id == m.RequestId).Select(r => r.Number).SingleAsync(ct);
            await NotifyConsultantAsync(CancelledKind, $"meeting-cancelled:{m.Id}", m, mother.Name, number, null, now, ct);
        }

        Guid? release = null;
        var request = await db.Requests.Include(r => r.Assignments).SingleOrDefaultAsync(r => r.MotherId == mother.Id && r.Status != RequestStatus.Closed, ct);
        if (request is not null && request.CloseForRefusal(decision.Id, now, Policy, out var consultantId))
        {
            release = consultantId;
        }

        Queue("mother.peer-service-refused", $"r5.2:{mother.Id}:{decision.Id}", RecipientKind.Mother, mother.Id, request?.Id, new()
        {
            ["name"] = mother.Name,
            ["window"] = Times.Duration(Policy.ViolationWindow, MessageComposer.DefaultCulture),
            ["url"] = center.Value.PaidServicesUrl,
        }, now);
        log.LogInformation("Mother {MotherId}: free service refused (R5.2); {Count} future meetings cancelled", mother.Id, cancelled.Count);
        return release;
    }

    /// <summary>Meetings the caller may see: all for an administrator, her own for a mother or a consultant.</summary>
    private IQueryable<Meeting> Visible(Caller caller) => db.Meetings.Where(m =>
        caller.IsAdministrator
        || (caller.IsMother && db.Mothers.Any(x => x.Id == m.MotherId && x.UserId == caller.UserId))
        || (caller.IsConsultant && db.Consultants.Any(c => c.Id == m.ConsultantId && c.UserId == caller.UserId)));

    private Task<Mother> LoadMotherAsync(Guid id, CancellationToken ct) =>
        db.Mothers.Include(m => m.Violations).Include(m => m.Decisions).AsSplitQuery().SingleAsync(m => m.Id == id, ct);

    /// <summary>
    /// Every booking and change for a mother updates her row (Version is a concurrency token), so two of them at once
    /// cannot both commit on what each read of her other meetings: the loser re-reads and is judged again (R3.2, R5.2).
    /// </summary>
    private void TouchVersion(Mother mother) => db.Entry(mother).Property(m => m.Version).IsModified = true;

    private async Task<string> ConsultantZoneAsync(Guid consultantId, CancellationToken ct) =>
        await db.Availabilities.Where(a => a.ConsultantId == consultantId).Select(a => a.TimeZone).SingleOrDefaultAsync(ct)
        ?? await db.Consultants.Where(c => c.Id == consultantId).Select(c => c.TimeZone).SingleAsync(ct);

    private void Queue(string kind, string dedupKey, RecipientKind recipient, Guid? recipientId, Guid? requestId, Dictionary<string, string> args, DateTime now) =>
        db.OutboxMessages.Add(OutboxMessage.Create(kind, dedupKey, recipient, recipientId, requestId, ChannelRouter.Auto, composer.Compose(kind, args), now, args));

    /// <summary>
    /// Booked, moved or cancelled, told to the meeting's consultant in her own zone, with the mother's first name and what
    /// to do next — never anything about the mother's health or her note.
    /// </summary>
    private async Task NotifyConsultantAsync(string kind, string dedupKey, Meeting meeting, string motherName, string number, DateTime? from, DateTime now, CancellationToken ct, DateTime? shownStart = null) =>
        NotifyConsultant(kind, dedupKey, meeting, motherName, number, from, now, await ConsultantZoneAsync(meeting.ConsultantId, ct), shownStart);

    private void NotifyConsultant(string kind, string dedupKey, Meeting meeting, string motherName, string number, DateTime? from, DateTime now, string zone, DateTime? shownStart = null)
    {
        var args = new Dictionary<string, string>
        {
            ["name"] = FirstName(motherName),
            ["number"] = number,
            ["start"] = Times.Format(shownStart ?? meeting.Start, zone, MessageComposer.DefaultCulture),
            ["minutes"] = ((int)(meeting.End - meeting.Start).TotalMinutes).ToString(CultureInfo.InvariantCulture),
            ["url"] = portal.Value.PublicBaseUrl.TrimEnd('/') + "/consultant",
        };
        if (from is { } before)
        {
            args["from"] = Times.Format(before, zone, MessageComposer.DefaultCulture);
        }

        db.OutboxMessages.Add(OutboxMessage.Create(kind, dedupKey, RecipientKind.Consultant, meeting.ConsultantId, meeting.RequestId, ChannelRouter.Auto, composer.Compose(kind, args), now, args)
            .AboutMeeting(meeting.Id));
    }

    /// <summary>"Анна Петрова" → "Анна": consultants are told her first name only.</summary>
    public static string FirstName(string name) =>
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..] ? first : name;

    /// <summary>
    /// Saves the unit of work in one transaction. A new meeting's quarters (<paramref name="claims"/>, SQLite only:
    /// <see cref="ConsultantTime"/>) are written in it too, right after SaveChanges (their meeting must exist first) as
    /// one prepared statement (<see cref="MultiRowInsert"/>) instead of four EF commands, since SQLite runs EF's
    /// statements one by one. The catalog's and slots' caches hear of the change from the meeting itself (same consultant).
    /// </summary>
    private async Task<Outcome<MeetingResult>> SaveAsync(Meeting meeting, Guid? releaseConsultant, CancellationToken ct, IReadOnlyList<BusyQuarter>? claims = null)
    {
        var claimAfterSave = claims is not null;

        // SQLite: a deferred transaction takes the one write lock at its first write, not at BEGIN, so EF's preparation of
        // the save (detecting changes, ordering and building the commands) happens before the lock, not while every
        // other writer waits. Every statement in it writes, so it never has to upgrade a read snapshot (ADR 5).
        await using var deferred = claimAfterSave ? ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true) : null;
        await using var tx = deferred is null
            ? await db.Database.BeginTransactionAsync(ct)
            : await db.Database.UseTransactionAsync(deferred, ct) ?? throw new InvalidOperationException("EF did not take the SQLite transaction.");

        // No savepoint around SaveChanges: a failed save ends this transaction whole (returned, or thrown to the retry,
        // which starts over), so EF's automatic SAVEPOINT/RELEASE were two statements (two round trips on PostgreSQL)
        // per change that nothing ever rolled back to.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
            if (claimAfterSave)
            {
                db.BusyQuarters.AddRange(claims!);
                await MultiRowInsert.InsertAsync(db, [.. claims!.Select(q => db.Entry(q))], ct);
            }
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && IsQuarterConflict(ex))
        {
            // The unique (consultant, quarter) key: someone else's meeting took this time first.
            log.LogInformation("Meeting {MeetingId}: the consultant's time was claimed concurrently by another meeting", meeting.Id);
            return DomainError.Of(ErrorCodes.SlotTaken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }

        if (releaseConsultant is { } consultantId)
        {
            // As in R2.2's closing: her request no longer holds a place with this consultant.
            await db.Consultants.Where(c => c.Id == consultantId && c.ActiveMothers > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ActiveMothers, c => c.ActiveMothers - 1).SetProperty(c => c.Version, c => c.Version + 1), ct);
        }

        await tx.CommitAsync(ct);
        return Outcome<MeetingResult>.Ok(new MeetingResult(meeting.Id, meeting.Start, meeting.End, meeting.Status));
    }

    /// <summary>
    /// SQLite names the table in its message ("UNIQUE constraint failed: ConsultantBusyQuarters..."), PostgreSQL the key.
    /// On PostgreSQL the meeting row itself may be refused first by the exclusion constraint (23P01, ADR 0011): it
    /// is inserted before its quarters, and it waits for a competing booking's commit just as the key does.
    /// </summary>
    private static bool IsQuarterConflict(DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("ConsultantBusyQuarters", StringComparison.Ordinal) == true
        || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: MeetingNoOverlap.Name };

    private async Task<Outcome<MeetingResult>> WithRetryAsync(Func<Task<Outcome<MeetingResult>>> attempt)
    {
        for (var i = 1; ; i++)
        {
            db.ChangeTracker.Clear();
            try
            {
                // Each attempt is also retried whole by the database's execution strategy after a transient failure.
                // One connection for the attempt's reads and its write: otherwise it goes back to the pool between them
                // and is opened (and, on PostgreSQL, reset with DISCARD ALL) once more per change.
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await db.Database.OpenConnectionAsync();
                    try
                    {
                        return await attempt();
                    }
                    finally
                    {
                        await db.Database.CloseConnectionAsync();
                    }
                });
            }
            catch (DbUpdateConcurrencyException) when (i < Attempts)
            {
                log.LogInformation("Meeting change met a concurrent change for the same mother; judging again (attempt {Attempt})", i + 1);
            }
            catch (DbUpdateConcurrencyException)
            {
                return DomainError.Of(ErrorCodes.Concurrency);
            }
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
