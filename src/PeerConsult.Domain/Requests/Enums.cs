namespace PeerConsult.Domain.Requests;

/// <summary>Where a request stands. Stored as text; transitions live in <see cref="ConsultationRequest"/>.</summary>
public enum RequestStatus
{
    /// <summary>Submitted; the administrator's 24-hour clock runs (R1.2).</summary>
    New,

    /// <summary>The administrator recorded a contact with the mother.</summary>
    Contacted,

    /// <summary>A consultant is assigned; her contact is not sent yet.</summary>
    Assigned,

    /// <summary>The consultant's contact was sent; the mother's 24/48-hour clock runs (R2).</summary>
    AwaitingMotherContact,

    /// <summary>Mother and consultant are in touch (R2.3).</summary>
    InTouch,

    /// <summary>Closed; see <see cref="ClosedReason"/>.</summary>
    Closed,
}

/// <summary>The messenger the mother uses; WhatsApp is the Center's default (R1.1, R1.2).</summary>
public enum Messenger
{
    WhatsApp,
    Telegram,
    Max,
    Phone,
}

/// <summary>How the administrator reached the mother.</summary>
public enum ContactChannel
{
    WhatsApp,
    Telegram,
    Max,
    Phone,
    Email,
}

public enum ClosedReason
{
    /// <summary>R2.2: no contact with the consultant within 48 hours.</summary>
    NoContact,

    /// <summary>The mother withdrew the request.</summary>
    Withdrawn,

    /// <summary>The mother's free service was refused (R5.2).</summary>
    PeerServiceRefused,
}

/// <summary>The administrator's clock (R1.2) as the queue shows it.</summary>
public enum AdminClockState
{
    Running,
    Warning,
    Overdue,
    Met,
    MetLate,
    Stopped,
}

public enum RequestEventKind
{
    Submitted,
    ContactRecorded,
    ConsultantAssigned,
    ConsultantContactSent,
    AdminWarningReached,
    AdminDeadlineMissed,
    MotherReminded,
    MotherContacted,
    Closed,

    /// <summary>R8.3: the consultant told the administrator she and the mother cannot find a time that suits both.</summary>
    CannotFindTime,

    /// <summary>R8.1, R8.2: the mother asked the administrator for another consultant (perhaps a specific one).</summary>
    ConsultantChangeRequested,
}
