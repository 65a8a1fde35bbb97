using System.Globalization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Requests;

/// <summary>
/// A mother's request for a peer consultation (заявка) and its clocks: the administrator's 24 hours (R1.2)
/// and, once the consultant's contact is sent, the mother's 24/48 hours (R2).
/// </summary>
public sealed class ConsultationRequest
{
    private readonly List<RequestEvent> _history = [];
    private readonly List<RequestContact> _contacts = [];
    private readonly List<Assignment> _assignments = [];

    private ConsultationRequest()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The short number the mother and the administrator say to each other, e.g. "K7M-42Q".</summary>
    public string Number { get; private set; } = "";

    public Guid MotherId { get; private set; }

    public string Name { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public Messenger Messenger { get; private set; }

    public string? Email { get; private set; }

    public string TimeZone { get; private set; } = "";

    public string? Note { get; private set; }

    public Guid? PreferredConsultantId { get; private set; }

    public string ConsentVersion { get; private set; } = "";

    public DateTime ConsentAcceptedAt { get; private set; }

    public string? ConsentIpAddress { get; private set; }

    public DateTime SubmittedAt { get; private set; }

    public RequestStatus Status { get; private set; }

    /// <summary>R1.2: from here on the queue warns.</summary>
    public DateTime AdminWarningAt { get; private set; }

    /// <summary>R1.2: the administrator must have recorded a contact by then.</summary>
    public DateTime AdminDueAt { get; private set; }

    /// <summary>The first contact the administrator recorded; it stops the R1.2 clock.</summary>
    public DateTime? ContactedAt { get; private set; }

    public Guid? ConsultantId { get; private set; }

    /// <summary>R1.3: when the consultant's contact was sent; it starts the mother's clock.</summary>
    public DateTime? ConsultantContactSentAt { get; private set; }

    /// <summary>R2.1: she should get in touch by then; one reminder goes out at this moment.</summary>
    public DateTime? MotherContactDueAt { get; private set; }

    /// <summary>R2.2: without contact by then, the request closes.</summary>
    public DateTime? AutoCloseAt { get; private set; }

    /// <summary>R1.2: when the sweeper noticed the 20-hour warning (set once).</summary>
    public DateTime? AdminWarnedAt { get; private set; }

    /// <summary>R1.2: when the sweeper flagged the request overdue (set once; the request stays counted as missed).</summary>
    public DateTime? AdminOverdueAt { get; private set; }

    /// <summary>R2.1: when her one reminder was queued (set once).</summary>
    public DateTime? MotherRemindedAt { get; private set; }

    /// <summary>R2.3: when she got in touch with her consultant.</summary>
    public DateTime? MotherContactedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public ClosedReason? ClosedReason { get; private set; }

    /// <summary>Optimistic concurrency: two administrators acting at once get a "reload" message, not a lost update.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<RequestEvent> History => _history;

    public IReadOnlyList<RequestContact> Contacts => _contacts;

    public IReadOnlyList<Assignment> Assignments => _assignments;

    public bool IsOpen => Status != RequestStatus.Closed;

    public static Result<ConsultationRequest> Submit(
        RequestDetails details,
        ConsentRecord consent,
        Guid motherId,
        string number,
        DateTime now,
        CenterPolicy policy,
        Actor by)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        var problems = details.Validate();
        if (problems.Count > 0)
        {
            return problems.Values.First();
        }

        if (string.IsNullOrWhiteSpace(consent.Version))
        {
            return DomainError.Of(ErrorCodes.ConsentRequired);
        }

        var request = new ConsultationRequest
        {
            Id = Guid.CreateVersion7(),
            Number = number,
            MotherId = motherId,
            Name = details.Name.Trim(),
            Phone = details.Phone,
            Messenger = details.Messenger,
            Email = string.IsNullOrWhiteSpace(details.Email) ? null : details.Email.Trim(),
            TimeZone = details.TimeZone,
            Note = string.IsNullOrWhiteSpace(details.Note) ? null : details.Note.Trim(),
            PreferredConsultantId = details.PreferredConsultantId,
            ConsentVersion = consent.Version,
            ConsentAcceptedAt = Instants.RequireUtc(consent.AcceptedAt, nameof(consent)),
            ConsentIpAddress = consent.IpAddress,
            SubmittedAt = now,
            Status = RequestStatus.New,
            AdminWarningAt = now + policy.AdminResponseWarning,
            AdminDueAt = now + policy.AdminResponseDeadline,
        };
        request._history.Add(RequestEvent.Create(
            request.Id,
            now,
            RequestEventKind.Submitted,
            by,
            new Dictionary<string, string?>
            {
                ["messenger"] = details.Messenger.ToString(),
                ["preferredConsultantId"] = details.PreferredConsultantId?.ToString(),
                ["consentVersion"] = consent.Version,
            },
            policy.Snapshot(nameof(CenterPolicy.AdminResponseWarning), nameof(CenterPolicy.AdminResponseDeadline))));
        return request;
    }

    /// <summary>R1.2: the administrator's clock as the queue shows it at <paramref name="now"/>.</summary>
    public AdminClockState AdminClockAt(DateTime now) => AdminClock(Status, ContactedAt, AdminWarningAt, AdminDueAt, now);

    /// <summary>The same rule over plain values, so queue projections can apply it without loading the aggregate.</summary>
    public static AdminClockState AdminClock(RequestStatus status, DateTime? contactedAt, DateTime warningAt, DateTime dueAt, DateTime now) =>
        contactedAt is { } contacted ? (contacted <= dueAt ? AdminClockState.Met : AdminClockState.MetLate)
        : status == RequestStatus.Closed ? AdminClockState.Stopped
        : now >= dueAt ? AdminClockState.Overdue
        : now >= warningAt ? AdminClockState.Warning
        : AdminClockState.Running;

    /// <summary>R1.2: the administrator records a contact (time, channel, what was agreed). The first one stops her clock.</summary>
    public Result RecordContact(DateTime at, ContactChannel channel, string? note, Actor by, DateTime now)
    {
        Instants.RequireUtc(at, nameof(at));
        Instants.RequireUtc(now, nameof(now));
        if (Status == RequestStatus.Closed)
        {
            return StatusError();
        }

        if (at > now)
        {
            return DomainError.Of(ErrorCodes.InTheFuture);
        }

        if (at < SubmittedAt)
        {
            return DomainError.Of(ErrorCodes.BeforeSubmission, ("submittedAt", SubmittedAt.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (!Enum.IsDefined(channel))
        {
            return DomainError.Of(ErrorCodes.InvalidChannel);
        }

        var cleanNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        _contacts.Add(RequestContact.Create(Id, at, channel, cleanNote, by, now));
        var first = ContactedAt is null;
        if (first || at < ContactedAt)
        {
            ContactedAt = at;
        }

        if (Status == RequestStatus.New)
        {
            Status = RequestStatus.Contacted;
        }

        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.ContactRecorded, by, new Dictionary<string, string?>
        {
            ["at"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["channel"] = channel.ToString(),
            ["note"] = cleanNote,
            ["onTime"] = (at <= AdminDueAt).ToString(),
        }));
        return Result.Ok();
    }

    /// <summary>
    /// R1.3, R8: assign (or re-assign) a consultant. Returns the consultant who was replaced, if any, so the
    /// caller can release her capacity. Capacity itself is a database compare-and-set in the handler.
    /// <paramref name="cancelledMeetings"/>: how many of her meetings with the replaced consultant the caller cancels
    /// with this change (R8.3, R4.3); the history keeps the number.
    /// </summary>
    public Result<Guid?> Assign(Guid consultantId, string? reason, Actor by, DateTime now, int cancelledMeetings = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cancelledMeetings);
        Instants.RequireUtc(now, nameof(now));
        if (consultantId == Guid.Empty)
        {
            throw new ArgumentException("A consultant id is required.", nameof(consultantId));
        }

        switch (Status)
        {
            case RequestStatus.New:
                return DomainError.Of(ErrorCodes.ContactRequired);
            case RequestStatus.Closed:
                return StatusError();
            case RequestStatus.Contacted:
            case RequestStatus.Assigned:
            case RequestStatus.AwaitingMotherContact:
            case RequestStatus.InTouch:
                break;
            default:
                throw new InvalidOperationException($"Unknown status {Status}.");
        }

        if (ConsultantId == consultantId)
        {
            return DomainError.Of(ErrorCodes.AlreadyAssigned);
        }

        var previous = ConsultantId;
        foreach (var current in _assignments.Where(a => a.IsCurrent))
        {
            current.End(now);
        }

        var cleanReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        _assignments.Add(Assignment.Create(Id, consultantId, cleanReason, by, now));
        ConsultantId = consultantId;

        // A new consultant means a new contact to send: the mother's clock starts again from that moment (R2.1).
        Status = RequestStatus.Assigned;
        ConsultantContactSentAt = null;
        MotherContactDueAt = null;
        AutoCloseAt = null;
        MotherRemindedAt = null;
        MotherContactedAt = null;
        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.ConsultantAssigned, by, new Dictionary<string, string?>
        {
            ["consultantId"] = consultantId.ToString(),
            ["previousConsultantId"] = previous?.ToString(),
            ["reason"] = cleanReason,
            ["chosenByMother"] = (PreferredConsultantId == consultantId).ToString(),
            ["cancelledMeetings"] = previous is null ? null : cancelledMeetings.ToString(CultureInfo.InvariantCulture),
        }));
        return previous;
    }

    /// <summary>R1.3/R2.1: the consultant's contact was sent to the mother at <paramref name="at"/>; her 24/48-hour clock starts then.</summary>
    public Result MarkConsultantContactSent(DateTime at, Actor by, DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(at, nameof(at));
        Instants.RequireUtc(now, nameof(now));
        var allowed = Status switch
        {
            RequestStatus.Assigned => true,
            RequestStatus.New or RequestStatus.Contacted => false,
            RequestStatus.AwaitingMotherContact or RequestStatus.InTouch or RequestStatus.Closed => false,
        };
        if (!allowed)
        {
            return Status is RequestStatus.New or RequestStatus.Contacted
                ? DomainError.Of(ErrorCodes.AssignmentRequired)
                : StatusError();
        }

        if (at > now)
        {
            return DomainError.Of(ErrorCodes.InTheFuture);
        }

        var assignedAt = _assignments.Last(a => a.IsCurrent).AssignedAt;
        if (at < assignedAt)
        {
            return DomainError.Of(ErrorCodes.BeforeAssignment, ("assignedAt", assignedAt.ToString("O", CultureInfo.InvariantCulture)));
        }

        ConsultantContactSentAt = at;
        MotherContactDueAt = at + policy.MotherContactDeadline;
        AutoCloseAt = at + policy.MotherContactCloseAfter;
        Status = RequestStatus.AwaitingMotherContact;
        _history.Add(RequestEvent.Create(
            Id,
            now,
            RequestEventKind.ConsultantContactSent,
            by,
            new Dictionary<string, string?>
            {
                ["at"] = at.ToString("O", CultureInfo.InvariantCulture),
                ["consultantId"] = ConsultantId?.ToString(),
            },
            policy.Snapshot(nameof(CenterPolicy.MotherContactDeadline), nameof(CenterPolicy.MotherContactCloseAfter))));
        return Result.Ok();
    }

    /// <summary>
    /// R1.2: the 20-hour warning. Returns false when there is nothing to do (already warned, contacted, not due):
    /// the sweeper may call it twice, and only the first call changes anything.
    /// </summary>
    public bool ReachAdminWarning(DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        if (Status != RequestStatus.New || AdminWarnedAt is not null || now < AdminWarningAt)
        {
            return false;
        }

        AdminWarnedAt = now;
        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.AdminWarningReached, Actor.System, new Dictionary<string, string?>
        {
            ["dueAt"] = AdminDueAt.ToString("O", CultureInfo.InvariantCulture),
        }, policy.Snapshot(nameof(CenterPolicy.AdminResponseWarning), nameof(CenterPolicy.AdminResponseDeadline))));
        return true;
    }

    /// <summary>R1.2: 24 hours without a recorded contact. Flagged once; the warning is implied.</summary>
    public bool MissAdminDeadline(DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        if (Status != RequestStatus.New || AdminOverdueAt is not null || now < AdminDueAt)
        {
            return false;
        }

        AdminWarnedAt ??= now;
        AdminOverdueAt = now;
        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.AdminDeadlineMissed, Actor.System, new Dictionary<string, string?>
        {
            ["dueAt"] = AdminDueAt.ToString("O", CultureInfo.InvariantCulture),
        }, policy.Snapshot(nameof(CenterPolicy.AdminResponseDeadline))));
        return true;
    }

    /// <summary>R2.1: at 24 hours without contact she gets exactly one reminder.</summary>
    public bool RemindMother(DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        if (Status != RequestStatus.AwaitingMotherContact || MotherRemindedAt is not null || MotherContactDueAt is not { } due || now < due
            || (AutoCloseAt is { } closeAt && now >= closeAt))
        {
            // At or after the close time a reminder is pointless: the request closes instead (R2.2).
            return false;
        }

        MotherRemindedAt = now;
        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.MotherReminded, Actor.System, new Dictionary<string, string?>
        {
            ["dueAt"] = due.ToString("O", CultureInfo.InvariantCulture),
            ["consultantId"] = ConsultantId?.ToString(),
        }, policy.Snapshot(nameof(CenterPolicy.MotherContactDeadline))));
        return true;
    }

    /// <summary>
    /// R2.2: at 48 hours without contact the request closes (reason no-contact). The caller moves her
    /// eligibility to PaidOnly and releases the consultant's place in the same transaction.
    /// </summary>
    public bool CloseForNoContact(DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        if (Status != RequestStatus.AwaitingMotherContact || AutoCloseAt is not { } closeAt || now < closeAt)
        {
            return false;
        }

        CloseAs(Requests.ClosedReason.NoContact, now, new Dictionary<string, string?>
        {
            ["reason"] = "no-contact",
            ["consultantContactSentAt"] = ConsultantContactSentAt?.ToString("O", CultureInfo.InvariantCulture),
            ["autoCloseAt"] = closeAt.ToString("O", CultureInfo.InvariantCulture),
        }, policy.Snapshot(nameof(CenterPolicy.MotherContactDeadline), nameof(CenterPolicy.MotherContactCloseAfter)));
        return true;
    }

    /// <summary>
    /// R5.2: her free peer service was refused, so her open request closes (reason peer-service-refused), whatever
    /// stage it was at. <paramref name="releasedConsultantId"/> is the consultant whose place is freed (the caller
    /// releases her capacity in the same transaction). Returns false when it was already closed (nothing changes twice).
    /// </summary>
    public bool CloseForRefusal(Guid decisionId, DateTime now, CenterPolicy policy, out Guid? releasedConsultantId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        releasedConsultantId = null;
        if (Status == RequestStatus.Closed)
        {
            return false;
        }

        releasedConsultantId = ConsultantId;
        CloseAs(Requests.ClosedReason.PeerServiceRefused, now, new Dictionary<string, string?>
        {
            ["reason"] = "peer-service-refused",
            ["decisionId"] = decisionId.ToString(),
        }, policy.Snapshot(nameof(CenterPolicy.MaxViolations), nameof(CenterPolicy.ViolationWindow)));
        return true;
    }

    /// <summary>
    /// R2.3: she got in touch with her consultant at <paramref name="at"/> (recorded by the consultant or an
    /// administrator). It stops her clock. On a request already closed for no contact it changes nothing: an
    /// administrator decides whether to reinstate her (R5.3).
    /// </summary>
    public Result MarkMotherContacted(DateTime at, Actor by, DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(at, nameof(at));
        Instants.RequireUtc(now, nameof(now));
        var allowed = Status switch
        {
            RequestStatus.AwaitingMotherContact => true,
            RequestStatus.New or RequestStatus.Contacted or RequestStatus.Assigned => false,
            RequestStatus.InTouch or RequestStatus.Closed => false,
        };
        if (!allowed)
        {
            return StatusError();
        }

        if (at > now)
        {
            return DomainError.Of(ErrorCodes.InTheFuture);
        }

        if (ConsultantContactSentAt is { } sent && at < sent)
        {
            return DomainError.Of(ErrorCodes.BeforeContactSent, ("sentAt", sent.ToString("O", CultureInfo.InvariantCulture)));
        }

        // R2.2: contact after the close time does not save the request, even if the sweeper has not closed it yet.
        if (AutoCloseAt is { } closeAt && at > closeAt)
        {
            return DomainError.Of(ErrorCodes.AfterCloseTime, ("autoCloseAt", closeAt.ToString("O", CultureInfo.InvariantCulture)));
        }

        MotherContactedAt = at;
        Status = RequestStatus.InTouch;
        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.MotherContacted, by, new Dictionary<string, string?>
        {
            ["at"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["onTime"] = (MotherContactDueAt is not { } due || at <= due).ToString(),
        }, policy.Snapshot(nameof(CenterPolicy.MotherContactDeadline), nameof(CenterPolicy.MotherContactCloseAfter))));
        return Result.Ok();
    }

    /// <summary>Closing, for any reason, ends the current assignment and writes one history line (by the system).</summary>
    private void CloseAs(ClosedReason reason, DateTime now, IReadOnlyDictionary<string, string?> data, IReadOnlyDictionary<string, string> policy)
    {
        Status = RequestStatus.Closed;
        ClosedAt = now;
        ClosedReason = reason;
        foreach (var current in _assignments.Where(a => a.IsCurrent))
        {
            current.End(now);
        }

        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.Closed, Actor.System, data, policy));
    }

    public const int CannotFindTimeNoteMaxLength = 500;

    /// <summary>
    /// R8.3: mother and consultant cannot find a time that suits both; the administrator is told and assigns another
    /// consultant. Only while a consultant holds the request (contact sent or in touch); the note is optional.
    /// </summary>
    public Result ReportCannotFindTime(string? note, Actor by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(by);
        Instants.RequireUtc(now, nameof(now));
        var allowed = Status switch
        {
            RequestStatus.AwaitingMotherContact or RequestStatus.InTouch => true,
            RequestStatus.New or RequestStatus.Contacted or RequestStatus.Assigned or RequestStatus.Closed => false,
        };
        if (!allowed || ConsultantId is not { } consultantId)
        {
            return StatusError();
        }

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > CannotFindTimeNoteMaxLength })
        {
            return DomainError.Of(ErrorCodes.TooLong, ("max", CannotFindTimeNoteMaxLength.ToString(CultureInfo.InvariantCulture)));
        }

        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.CannotFindTime, by, new Dictionary<string, string?>
        {
            ["consultantId"] = consultantId.ToString(),
            ["note"] = trimmed,
        }));
        return Result.Ok();
    }

    public const int ChangeNoteMaxLength = 500;

    /// <summary>
    /// R8.1, R8.2: the mother asks the administrator for another consultant, optionally a specific one from the catalog
    /// (which becomes her preference, so the assign form offers it). The administrator confirms by assigning.
    /// Allowed at any stage while the request is open; never for the consultant she already has.
    /// </summary>
    public Result RequestConsultantChange(Guid? wantedConsultantId, string? note, Actor by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(by);
        Instants.RequireUtc(now, nameof(now));
        if (Status == RequestStatus.Closed)
        {
            return StatusError();
        }

        if (wantedConsultantId == Guid.Empty)
        {
            throw new ArgumentException("An empty consultant id; pass null for \"the administrator chooses\".", nameof(wantedConsultantId));
        }

        if (wantedConsultantId is { } wanted && wanted == ConsultantId)
        {
            return DomainError.Of(ErrorCodes.AlreadyAssigned);
        }

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > ChangeNoteMaxLength })
        {
            return DomainError.Of(ErrorCodes.TooLong, ("max", ChangeNoteMaxLength.ToString(CultureInfo.InvariantCulture)));
        }

        if (wantedConsultantId is not null)
        {
            PreferredConsultantId = wantedConsultantId;
        }

        _history.Add(RequestEvent.Create(Id, now, RequestEventKind.ConsultantChangeRequested, by, new Dictionary<string, string?>
        {
            ["consultantId"] = ConsultantId?.ToString(),
            ["preferredConsultantId"] = wantedConsultantId?.ToString(),
            ["note"] = trimmed,
        }));
        return Result.Ok();
    }

    private DomainError StatusError() => DomainError.Of(ErrorCodes.InvalidStatus, ("requestStatus", Status.ToString()));
}
