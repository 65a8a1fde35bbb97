using PeerConsult.Domain.Requests;

namespace PeerConsult.Web.Features.Messages;

/// <summary>What became of one delivery attempt.</summary>
public sealed record DeliveryResult(bool Delivered, bool Permanent, string? Error, bool HandedToStaff = false, string? ProviderMessageId = null)
{
    public static readonly DeliveryResult Ok = new(true, false, null);

    /// <summary>Delivered, and the service's id for it (to match later delivery statuses).</summary>
    public static DeliveryResult Accepted(string providerMessageId) => new(true, false, null, ProviderMessageId: providerMessageId);

    /// <summary>The manual channel: an administrator sends it herself and marks it sent.</summary>
    public static readonly DeliveryResult ToStaff = new(false, false, null, HandedToStaff: true);

    public static DeliveryResult Retry(string error) => new(false, false, error);

    public static DeliveryResult GiveUp(string error) => new(false, true, error);
}

/// <summary>
/// Where a message's recipient can be reached. Loaded when the message is dispatched (not when it is written), so a
/// mother who links her Telegram or corrects her e-mail later is reached where she is now.
/// </summary>
public sealed record RecipientAddress(string? Phone, Messenger? PreferredMessenger, IReadOnlyList<string> Emails, string? TelegramChatId)
{
    /// <summary>When she last wrote to the Center on WhatsApp: free text is allowed for 24 hours after it.</summary>
    public DateTime? LastWhatsAppMessageAt { get; init; }

    public static readonly RecipientAddress Nowhere = new(null, null, [], null);
}

/// <summary>One way of delivering messages: the log, the manual channel, e-mail, Telegram, WhatsApp.</summary>
public interface IMessageChannel
{
    string Name { get; }

    /// <summary>Whether this channel has an address for the recipient at all; channels that cannot are skipped.</summary>
    bool CanReach(RecipientKind recipient, RecipientAddress address) => true;

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct);
}

/// <summary>
/// The channel of a fresh install for staff: the message is "delivered" to the app log (id and kind only — never the
/// text, which holds names and numbers) and shown on the administrator's messages page, where staff can read it.
/// </summary>
public sealed class LogChannel(ILogger<LogChannel> log) : IMessageChannel
{
    public const string ChannelName = "log";

    public string Name => ChannelName;

    public Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        log.LogInformation("Message {MessageId} ({Kind}) for {Recipient} delivered to the log channel", message.Id, message.Kind, message.Recipient);
        return Task.FromResult(DeliveryResult.Ok);
    }
}

/// <summary>
/// For Centers without a messenger account: the message waits on the administrator's "to send by hand" list with a
/// wa.me / t.me link that carries the prepared text; she sends it from the Center's phone and marks it sent.
/// </summary>
public sealed class ManualChannel : IMessageChannel
{
    public const string ChannelName = "manual";

    public string Name => ChannelName;

    public bool CanReach(RecipientKind recipient, RecipientAddress address) =>
        recipient != RecipientKind.Administrators && !string.IsNullOrEmpty(address?.Phone);

    public Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct) => Task.FromResult(DeliveryResult.ToStaff);
}
