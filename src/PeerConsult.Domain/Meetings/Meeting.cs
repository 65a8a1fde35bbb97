using System.Globalization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Meetings;

/// <summary>
/// One video consultation between a mother and her consultant (R3). It knows its own rules: length (R3.1),
/// the 6-hour cutoff for the mother's changes (R4), who initiated a change (R4.3), and which changes and outcomes
/// are violations (R5.1). Spacing between meetings (R3.2) and the monthly limit (R5.2) need her other meetings
/// and live in <see cref="WeeklyRule"/> and the mother's record.
/// </summary>
public sealed class Meeting
{
    private readonly List<MeetingChange> _changes = [];

    private Meeting()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid MotherId { get; private set; }

    public Guid ConsultantId { get; private set; }

    public DateTime Start { get; private set; }

    public DateTime End { get; private set; }

    public MeetingStatus Status { get; private set; }

    public Initiator? CancelledBy { get; private set; }

    /// <summary>When the cancellation was asked for (R4.2: staff record when she asked).</summary>
    public DateTime? CancelRequestedAt { get; private set; }

    /// <summary>R4.1: a cancellation asked for no later than the cutoff. Cancelled-in-time meetings do not count for R3.2.</summary>
    public bool? CancelledInTime { get; private set; }

    public DateTime? OutcomeRecordedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<MeetingChange> Changes => _changes;

    /// <summary>R3.2: held, scheduled and missed meetings keep the weekly spacing; ones cancelled in time do not.</summary>
    public bool CountsForSpacing => CountsForSpacingOf(Status, CancelledInTime, CancelledBy);

    /// <summary><see cref="CountsForSpacing"/> from the three columns it depends on (for reads that project them).</summary>
    public static bool CountsForSpacingOf(MeetingStatus status, bool? cancelledInTime, Initiator? cancelledBy) => status switch
    {
        MeetingStatus.Scheduled or MeetingStatus.Held or MeetingStatus.MotherNoShow or MeetingStatus.RefusedVideoOff => true,
        MeetingStatus.Cancelled => cancelledInTime == false && cancelledBy == Initiator.Mother,
        MeetingStatus.ConsultantCancelled or MeetingStatus.TechnicalFailure => false,
    };

    /// <summary>
    /// Whether a meeting in this status keeps the consultant's time taken (ADR 0005): cancelled ones and those that did
    /// not take place through no one's fault free it; held and missed ones keep it, so the busy time stays a true record.
    /// </summary>
    public static bool HoldsConsultantTime(MeetingStatus status) => status switch
    {
        MeetingStatus.Scheduled or MeetingStatus.Held or MeetingStatus.MotherNoShow or MeetingStatus.RefusedVideoOff => true,
        MeetingStatus.Cancelled or MeetingStatus.ConsultantCancelled or MeetingStatus.TechnicalFailure => false,
    };

    public static Result<Meeting> Schedule(Guid requestId, Guid motherId, Guid consultantId, DateTime start, TimeSpan length, DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(start, nameof(start));
        Instants.RequireUtc(now, nameof(now));
        if (LengthError(length, policy) is { } lengthError)
        {
            return lengthError;
        }

        if (start <= now)
        {
            return DomainError.Of(ErrorCodes.InThePast);
        }

        return new Meeting
        {
            Id = Guid.CreateVersion7(),
            RequestId = requestId,
            MotherId = motherId,
            ConsultantId = consultantId,
            Start = start,
            End = start + length,
            Status = MeetingStatus.Scheduled,
            CreatedAt = now,
        };
    }

    /// <summary>R4.1: the last instant at which the mother may still change or cancel it herself.</summary>
    public DateTime ChangeDeadline(CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Start - policy.ChangeCutoff;
    }

    /// <summary>
    /// R4: move the meeting. The mother may move it herself until the cutoff; staff entering her request give
    /// <paramref name="requestedAt"/> (when she asked), judged against the cutoff (R4.2), never in the future.
    /// Returns the violation it causes, if any (R5.1: her moves count, in time or late; R4.3: others' never).
    /// </summary>
    public Result<ViolationKind?> Reschedule(DateTime newStart, Initiator by, bool enteredByStaff, DateTime? requestedAt, DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(newStart, nameof(newStart));
        Instants.RequireUtc(now, nameof(now));
        if (Status != MeetingStatus.Scheduled)
        {
            return StatusError();
        }

        if (newStart <= now)
        {
            return DomainError.Of(ErrorCodes.InThePast);
        }

        if (newStart == Start)
        {
            return DomainError.Of(ErrorCodes.SameStart);
        }

        var judged = JudgeChange(by, enteredByStaff, requestedAt, now, policy);
        if (judged.Error is { } error)
        {
            return error;
        }

        var (asked, inTime) = judged.Value;
        var length = End - Start;
        _changes.Add(MeetingChange.Moved(Id, Start, newStart, by, asked, inTime, now));
        Start = newStart;
        End = newStart + length;
        return by == Initiator.Mother ? (inTime ? ViolationKind.MovedInTime : ViolationKind.MovedLate) : (ViolationKind?)null;
    }

    /// <summary>R4: cancel the meeting, with the same cutoff and counting as <see cref="Reschedule"/>.</summary>
    public Result<ViolationKind?> Cancel(Initiator by, bool enteredByStaff, DateTime? requestedAt, string? reason, DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        if (Status != MeetingStatus.Scheduled)
        {
            return StatusError();
        }

        var judged = JudgeChange(by, enteredByStaff, requestedAt, now, policy);
        if (judged.Error is { } error)
        {
            return error;
        }

        var (asked, inTime) = judged.Value;
        Status = MeetingStatus.Cancelled;
        CancelledBy = by;
        CancelRequestedAt = asked;
        CancelledInTime = inTime;
        _changes.Add(MeetingChange.Cancelled(Id, Start, by, asked, inTime, reason, now));
        return by == Initiator.Mother ? (inTime ? ViolationKind.CancelledInTime : ViolationKind.CancelledLate) : (ViolationKind?)null;
    }

    /// <summary>R5.2: her remaining meetings end when the free service is refused; the Center cancels them, which never counts against her.</summary>
    public bool CancelForRefusal(DateTime now) => CancelByCenter("peer-service-refused", now);

    /// <summary>
    /// R8.3, R4.3: the administrator gave her another consultant, so a meeting still booked with the previous one is
    /// cancelled by the Center; it never counts against her. Returns false when there is nothing to cancel.
    /// </summary>
    public bool CancelForConsultantChange(DateTime now) => CancelByCenter("consultant-changed", now);

    private bool CancelByCenter(string reason, DateTime now)
    {
        Instants.RequireUtc(now, nameof(now));
        if (Status != MeetingStatus.Scheduled || Start <= now)
        {
            return false;
        }

        Status = MeetingStatus.Cancelled;
        CancelledBy = Initiator.Center;
        CancelRequestedAt = now;
        CancelledInTime = true;
        _changes.Add(MeetingChange.Cancelled(Id, Start, Initiator.Center, now, true, reason, now));
        return true;
    }

    /// <summary>R3, R5.1, R7.3: what happened, recorded after the start. Returns the violation it is, if any.</summary>
    public Result<ViolationKind?> RecordOutcome(MeetingOutcome outcome, DateTime now)
    {
        Instants.RequireUtc(now, nameof(now));
        if (Status != MeetingStatus.Scheduled)
        {
            return StatusError();
        }

        if (now < Start)
        {
            return DomainError.Of(ErrorCodes.BeforeStart, ("start", Start.ToString("O", CultureInfo.InvariantCulture)));
        }

        (Status, var violation) = outcome switch
        {
            MeetingOutcome.Held => (MeetingStatus.Held, (ViolationKind?)null),
            MeetingOutcome.MotherNoShow => (MeetingStatus.MotherNoShow, ViolationKind.NoShow),
            MeetingOutcome.RefusedVideoOff => (MeetingStatus.RefusedVideoOff, ViolationKind.VideoOff),
            MeetingOutcome.ConsultantCancelled => (MeetingStatus.ConsultantCancelled, null),
            MeetingOutcome.TechnicalFailure => (MeetingStatus.TechnicalFailure, null),
        };
        OutcomeRecordedAt = now;
        return violation;
    }

    /// <summary>
    /// R4.1–R4.2: when she asked (staff give it; never in the future) and whether that was no later than the cutoff.
    /// After the cutoff she cannot change the meeting herself; staff can still record her request (it then counts as late).
    /// </summary>
    private Result<(DateTime Asked, bool InTime)> JudgeChange(Initiator by, bool enteredByStaff, DateTime? requestedAt, DateTime now, CenterPolicy policy)
    {
        // Once it has started, what happened is an outcome (R3, R5.1), not a change.
        if (now >= Start)
        {
            return DomainError.Of(ErrorCodes.AlreadyStarted);
        }

        // Only staff record when she asked (R4.2); acting herself, the time is now — she cannot backdate a change.
        var asked = enteredByStaff ? requestedAt ?? now : now;
        Instants.RequireUtc(asked, nameof(requestedAt));
        if (asked > now)
        {
            return DomainError.Of(ErrorCodes.InTheFuture);
        }

        var inTime = asked <= ChangeDeadline(policy);
        if (by == Initiator.Mother && !inTime && !enteredByStaff)
        {
            return DomainError.Of(ErrorCodes.ChangeCutoff, ("deadline", ChangeDeadline(policy).ToString("O", CultureInfo.InvariantCulture)));
        }

        return (asked, inTime);
    }

    private static DomainError? LengthError(TimeSpan length, CenterPolicy policy) =>
        length <= TimeSpan.Zero ? DomainError.Of(ErrorCodes.InvalidLength)
        : length > policy.MaxMeetingLength ? DomainError.Of(ErrorCodes.MeetingTooLong, ("max", ((int)policy.MaxMeetingLength.TotalMinutes).ToString(CultureInfo.InvariantCulture)))
        : null;

    private DomainError StatusError() => DomainError.Of(ErrorCodes.InvalidStatus, ("meetingStatus", Status.ToString()));
}

/// <summary>One change of a meeting: a move or a cancellation, who asked, when, and whether it was in time (R4).</summary>
public sealed class MeetingChange
{
    private MeetingChange()
    {
    }

    public Guid Id { get; private set; }

    public Guid MeetingId { get; private set; }

    public bool IsCancellation { get; private set; }

    public DateTime FromStart { get; private set; }

    public DateTime? ToStart { get; private set; }

    public Initiator By { get; private set; }

    public DateTime RequestedAt { get; private set; }

    public bool InTime { get; private set; }

    public string? Reason { get; private set; }

    public DateTime RecordedAt { get; private set; }

    internal static MeetingChange Moved(Guid meetingId, DateTime from, DateTime to, Initiator by, DateTime requestedAt, bool inTime, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        MeetingId = meetingId,
        FromStart = from,
        ToStart = to,
        By = by,
        RequestedAt = requestedAt,
        InTime = inTime,
        RecordedAt = now,
    };

    internal static MeetingChange Cancelled(Guid meetingId, DateTime from, Initiator by, DateTime requestedAt, bool inTime, string? reason, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        MeetingId = meetingId,
        IsCancellation = true,
        FromStart = from,
        By = by,
        RequestedAt = requestedAt,
        InTime = inTime,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        RecordedAt = now,
    };
}
