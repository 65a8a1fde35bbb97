namespace PeerConsult.Domain.Common;

/// <summary>Stable error codes shared by the API (ProblemDetails "code") and the UI messages.</summary>
public static class ErrorCodes
{
    public const string InvalidPhone = "invalid-phone";
    public const string InvalidEmail = "invalid-email";
    public const string InvalidTimeZone = "invalid-time-zone";
    public const string NameRequired = "name-required";
    public const string NameTooLong = "name-too-long";
    public const string NoteTooLong = "note-too-long";
    public const string ConsentRequired = "consent-required";
    public const string NotEligible = "not-eligible";
    public const string RateLimited = "rate-limited";
    public const string RequestAlreadyOpen = "request-already-open";
    public const string ConsultantNotFound = "consultant-not-found";
    public const string RequestNotFound = "request-not-found";
    public const string MotherNotFound = "mother-not-found";
    public const string ConsultantAtCapacity = "consultant-at-capacity";
    public const string ConsultantNotPublished = "consultant-not-published";
    public const string InvalidStatus = "invalid-status";
    public const string ContactRequired = "contact-required";
    public const string AssignmentRequired = "assignment-required";
    public const string InTheFuture = "in-the-future";
    public const string BeforeSubmission = "before-submission";
    public const string BeforeAssignment = "before-assignment";
    public const string BeforeContactSent = "before-contact-sent";
    public const string AfterCloseTime = "after-close-time";
    public const string InThePast = "in-the-past";
    public const string ChangeCutoff = "change-cutoff";
    public const string MeetingTooLong = "meeting-too-long";
    public const string InvalidLength = "invalid-length";
    public const string SameStart = "same-start";
    public const string AlreadyStarted = "already-started";
    public const string BeforeStart = "before-start";
    public const string WeeklyLimit = "weekly-limit";
    public const string SlotTaken = "slot-taken";
    public const string OutsideAvailability = "outside-availability";
    public const string InvalidAvailability = "invalid-availability";
    public const string ViolationNotFound = "violation-not-found";
    public const string AlreadyWaived = "already-waived";
    public const string ReasonRequired = "reason-required";
    public const string AlreadyEligible = "already-eligible";
    public const string AlreadyAssigned = "already-assigned";
    public const string InvalidChannel = "invalid-channel";
    public const string InvalidMessenger = "invalid-messenger";
    public const string InvalidCapacity = "invalid-capacity";
    public const string EmailTaken = "email-taken";
    public const string TooLong = "too-long";
    public const string Required = "required";
    public const string Concurrency = "concurrency";
    public const string InvalidCredentials = "invalid-credentials";
    public const string LockedOut = "locked-out";
    public const string Honeypot = "honeypot";
    public const string PhotoTooBig = "photo-too-big";
    public const string PhotoNotAnImage = "photo-not-an-image";
}
