namespace PeerConsult.Domain.Meetings;

public enum MeetingStatus
{
    Scheduled,

    /// <summary>R3: the consultation took place.</summary>
    Held,

    /// <summary>R5.1: she did not come (a violation).</summary>
    MotherNoShow,

    /// <summary>R7.3: refused because her video was off (a violation).</summary>
    RefusedVideoOff,

    /// <summary>The consultant could not hold it (never counts against the mother, R4.3).</summary>
    ConsultantCancelled,

    /// <summary>A technical failure on the Center's side (never counts against the mother).</summary>
    TechnicalFailure,

    /// <summary>Cancelled before it started; see <see cref="Meeting.CancelledBy"/> and <see cref="Meeting.CancelledInTime"/>.</summary>
    Cancelled,
}

/// <summary>Who asked for a change (R4.3: only the mother's own changes can count against her).</summary>
public enum Initiator
{
    Mother,
    Consultant,
    Center,
}

/// <summary>What the consultant records after a meeting's start (R3, R5.1, R7.3).</summary>
public enum MeetingOutcome
{
    Held,
    MotherNoShow,
    RefusedVideoOff,
    ConsultantCancelled,
    TechnicalFailure,
}

/// <summary>R5.1: what counts as a missed or moved meeting.</summary>
public enum ViolationKind
{
    NoShow,
    VideoOff,
    MovedInTime,
    MovedLate,
    CancelledInTime,
    CancelledLate,
}
