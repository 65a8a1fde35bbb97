using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

/// <summary>
/// Sends due outbox messages through their channel, with retries, exponential back-off and a dead-letter state.
/// Each message is claimed by a compare-and-set on its status before sending, so two dispatchers (two app
/// instances) never send the same message at once. Delivery is at-least-once: a crash after sending and before
/// marking "sent" retries it once its lease ends.
/// </summary>
public sealed class OutboxDispatcher(
    AppDbContext db,
    IEnumerable<IMessageChannel> channels,
    ChannelRouter router,
    RecipientDirectory directory,
    MessageComposer composer,
    IOptions<OutboxOptions> options,
    IOptions<PortalOptions> portal,
    ILogger<OutboxDispatcher> log)
{
    public const string DeadLetterKind = "admin.dead-letter";

    public async Task<int> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now) || (m.Status == OutboxStatus.Sending && m.LockedUntil <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(o.BatchSize)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            var leaseEnd = now + o.Lease;
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && ((m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now) || (m.Status == OutboxStatus.Sending && m.LockedUntil <= now)))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.LockedUntil, leaseEnd).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0)
            {
                continue;
            }

            var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
            var address = await directory.FindAsync(message, ct);
            var route = router.Route(message.Recipient, address);
            var channel = message.Channel == ChannelRouter.Auto ? route[0] : message.Channel;
            var result = await DeliverAsync(message, channel, address, ct);
            if (result.Delivered)
            {
                sent++;
                await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.Channel, channel).SetProperty(m => m.ProviderMessageId, result.ProviderMessageId).SetProperty(m => m.SentAt, now).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null), ct);
                continue;
            }

            if (result.HandedToStaff)
            {
                await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Manual).SetProperty(m => m.Channel, channel).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null), ct);
                continue;
            }

            var error = Truncate(result.Error ?? "unknown error");
            if (result.Permanent || message.Attempts >= o.MaxAttempts)
            {
                var next = NextChannel(route, channel);
                if (next is not null)
                {
                    // The rule: a channel that fails for good hands the message to the next one she has; the
                    // administrator sees which one failed and why.
                    var note = WithFailure(message.FallbackNote, channel, error);
                    log.LogWarning("Message {MessageId} ({Kind}) falls back from {From} to {To}", id, message.Kind, channel, next);
                    await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Channel, next).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null).SetProperty(m => m.FallbackNote, note), ct);
                    continue;
                }

                log.LogWarning("Message {MessageId} ({Kind}) dead-lettered after {Attempts} attempts", id, message.Kind, message.Attempts);
                var dead = await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Dead).SetProperty(m => m.Channel, channel).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, error), ct);
                if (dead == 1)
                {
                    await NotifyDeadLetterAsync(message, now, ct);
                }
            }
            else
            {
                var next = now + Backoff(message.Attempts, o);
                await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Channel, channel).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, error), ct);
            }
        }

        return sent;
    }

    /// <summary>
    /// A channel that accepted a message reports later that it could not deliver it (WhatsApp's "failed" status).
    /// The message goes on to the next channel of the recipient's route, as a send that fails for good does, and the
    /// note tells the administrator which channel failed and why (for a mother the route ends on the administrator's
    /// manual list). A compare-and-set on "sent through that channel" moves it once however often the report repeats.
    /// With no next channel it stays as it is, its provider status showing the failure.
    /// </summary>
    public async Task<bool> DeliveryFailedAsync(string channel, string providerMessageId, string reason, DateTime now, CancellationToken ct)
    {
        var message = await db.OutboxMessages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ProviderMessageId == providerMessageId && m.Channel == channel && m.Status == OutboxStatus.Sent, ct);
        if (message is null)
        {
            return false;
        }

        var address = await directory.FindAsync(message, ct);
        if (NextChannel(router.Route(message.Recipient, address), channel) is not { } next)
        {
            return false;
        }

        var note = WithFailure(message.FallbackNote, channel, reason);
        var moved = await db.OutboxMessages.Where(m => m.Id == message.Id && m.Status == OutboxStatus.Sent && m.Channel == channel)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Channel, next).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.SentAt, (DateTime?)null).SetProperty(m => m.ProviderStatus, (string?)null)
                .SetProperty(m => m.FallbackNote, note), ct);
        if (moved == 1)
        {
            log.LogWarning("Message {MessageId} ({Kind}) was reported undelivered by {From}; it falls back to {To}", message.Id, message.Kind, channel, next);
        }

        return moved == 1;
    }

    public static TimeSpan Backoff(int attempts, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstBackoff.Ticks * factor, options.MaxBackoff.Ticks));
        return delay;
    }

    private static string? NextChannel(IReadOnlyList<string> route, string current)
    {
        var index = route.ToList().IndexOf(current);
        return index >= 0 && index + 1 < route.Count ? route[index + 1] : null;
    }

    /// <summary>Tells the administrators once per dead letter; not for their own notices, which would only pile up.</summary>
    private async Task NotifyDeadLetterAsync(OutboxMessage message, DateTime now, CancellationToken ct)
    {
        if (message.Recipient == RecipientKind.Administrators)
        {
            return;
        }

        var body = composer.Compose(DeadLetterKind, new Dictionary<string, string>
        {
            ["kind"] = message.Kind,
            ["url"] = portal.Value.PublicBaseUrl.TrimEnd('/') + "/admin/messages?DeadOnly=true",
        });
        db.OutboxMessages.Add(OutboxMessage.Create(DeadLetterKind, $"{DeadLetterKind}:{message.Id}", RecipientKind.Administrators, null, message.RequestId, ChannelRouter.Auto, body, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another dispatcher already told them (unique DedupKey).
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<DeliveryResult> DeliverAsync(OutboxMessage message, string channelName, RecipientAddress address, CancellationToken ct)
    {
        var channel = channels.FirstOrDefault(c => c.Name == channelName);
        if (channel is null)
        {
            return DeliveryResult.GiveUp($"No channel '{channelName}' is configured.");
        }

        try
        {
            return await channel.DeliverAsync(message, address, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Any failure of a channel is a failed attempt: left to escape, it would abort the pass and leave the message
            // "sending" until its lease ends, again and again, never counted towards the dead letter.
            return DeliveryResult.Retry(ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>The administrator's note of why a message left a channel: every channel that failed, in order.</summary>
    private static string WithFailure(string? earlier, string channel, string error) =>
        Truncate(earlier is null ? $"{channel}: {error}" : $"{earlier}; {channel}: {error}");

    private static string Truncate(string error) => error.Length > 1000 ? error[..1000] : error;
}
