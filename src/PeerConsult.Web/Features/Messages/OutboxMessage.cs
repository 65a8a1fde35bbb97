namespace PeerConsult.Web.Features.Messages;

public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>Claimed by one dispatcher until its lease ends.</summary>
    Sending,

    Sent,

    /// <summary>Gave up after the last attempt; the administrator sees it.</summary>
    Dead,

    /// <summary>The manual channel: waiting for an administrator to send it by hand and mark it sent.</summary>
    Manual,
}

public enum RecipientKind
{
    Mother,
    Consultant,
    Administrators,
}

/// <summary>
/// A message the system means to send, written in the same transaction as the change that caused it.
/// <see cref="DedupKey"/> is unique, so one event can never produce two messages.
/// </summary>
public sealed class OutboxMessage
{
    public const int BodyMaxLength = 4000;

    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>What kind of message: "mother.reminder", "admin.overdue", …</summary>
    public string Kind { get; private set; } = "";

    public string DedupKey { get; private set; } = "";

    public RecipientKind Recipient { get; private set; }

    /// <summary>The mother's or consultant's id; null for all administrators.</summary>
    public Guid? RecipientId { get; private set; }

    public Guid? RequestId { get; private set; }

    /// <summary>Which channel delivers it: "auto" until the dispatcher routes it, then the channel it went (or goes) through.</summary>
    public string Channel { get; private set; } = "";

    public string Body { get; private set; } = "";

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? LockedUntil { get; private set; }

    public DateTime? SentAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Channels that failed permanently before the current one, and why ("whatsapp: invalid number"); the administrator sees it.</summary>
    public string? FallbackNote { get; private set; }

    /// <summary>Who marked a manual message as sent.</summary>
    public Guid? SentByUserId { get; private set; }

    /// <summary>
    /// The values the text was made from, as JSON: channels that send approved templates instead of free text
    /// (WhatsApp outside its 24-hour window) fill the template's parameters from them.
    /// </summary>
    public string? TemplateArgs { get; private set; }

    /// <summary>The service's id for the sent message (WhatsApp's wamid), to match its delivery statuses.</summary>
    public string? ProviderMessageId { get; private set; }

    /// <summary>What the service last reported: delivered, read or failed.</summary>
    public string? ProviderStatus { get; private set; }

    /// <summary>The meeting the message is about, so the e-mail channel can attach it as a calendar entry (.ics).</summary>
    public Guid? MeetingId { get; private set; }

    /// <summary>Marks the message as being about one meeting (booked, moved, cancelled, reminder).</summary>
    public OutboxMessage AboutMeeting(Guid meetingId)
    {
        MeetingId = meetingId;
        return this;
    }

    public IReadOnlyDictionary<string, string> Args() =>
        TemplateArgs is null ? new Dictionary<string, string>() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(TemplateArgs) ?? [];

    public static OutboxMessage Create(string kind, string dedupKey, RecipientKind recipient, Guid? recipientId, Guid? requestId, string channel, string body, DateTime now, IReadOnlyDictionary<string, string>? args = null) => new()
    {
        TemplateArgs = args is null || args.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(args),
        Id = Guid.CreateVersion7(),
        Kind = kind,
        DedupKey = dedupKey,
        Recipient = recipient,
        RecipientId = recipientId,
        RequestId = requestId,
        Channel = channel,
        Body = body.Length > BodyMaxLength ? body[..BodyMaxLength] : body,
        Status = OutboxStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
