namespace PeerConsult.Web.Features.Messages;

public sealed record DeliveryResult(bool Delivered, bool Permanent, string? Error)
{
    public static readonly DeliveryResult Ok = new(true, false, null);

    public static DeliveryResult Retry(string error) => new(false, false, error);

    public static DeliveryResult GiveUp(string error) => new(false, true, error);
}

/// <summary>One way of delivering messages (the log now; WhatsApp, Telegram, e-mail later).</summary>
public interface IMessageChannel
{
    string Name { get; }

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// The channel of a fresh install: the message is "delivered" to the app log (id and kind only — never the text,
/// which holds names and numbers) and shown on the administrator's messages page, where staff can read it.
/// </summary>
public sealed class LogChannel(ILogger<LogChannel> log) : IMessageChannel
{
    public const string ChannelName = "log";

    public string Name => ChannelName;

    public Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        log.LogInformation("Message {MessageId} ({Kind}) for {Recipient} delivered to the log channel", message.Id, message.Kind, message.Recipient);
        return Task.FromResult(DeliveryResult.Ok);
    }
}
