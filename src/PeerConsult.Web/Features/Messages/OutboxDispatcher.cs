using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

/// <summary>
/// Sends due outbox messages through their channel, with retries, exponential back-off and a dead-letter state.
/// Each message is claimed by a compare-and-set on its status before sending, so two dispatchers (two app
/// instances) never send the same message at once. Delivery is at-least-once: a crash after sending and before
/// marking "sent" retries it once its lease ends.
/// </summary>
public sealed class OutboxDispatcher(AppDbContext db, IEnumerable<IMessageChannel> channels, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> log)
{
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
            var result = await DeliverAsync(message, ct);
            if (result.Delivered)
            {
                sent++;
                await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null), ct);
                continue;
            }

            var error = Truncate(result.Error ?? "unknown error");
            if (result.Permanent || message.Attempts >= o.MaxAttempts)
            {
                log.LogWarning("Message {MessageId} ({Kind}) dead-lettered after {Attempts} attempts", id, message.Kind, message.Attempts);
                await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Dead).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, error), ct);
            }
            else
            {
                var next = now + Backoff(message.Attempts, o);
                await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LastError, error), ct);
            }
        }

        return sent;
    }

    public static TimeSpan Backoff(int attempts, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstBackoff.Ticks * factor, options.MaxBackoff.Ticks));
        return delay;
    }

    private async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var channel = channels.FirstOrDefault(c => c.Name == message.Channel);
        if (channel is null)
        {
            return DeliveryResult.GiveUp($"No channel '{message.Channel}' is configured.");
        }

        try
        {
            return await channel.DeliverAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Any failure of a channel is a failed attempt: left to escape, it would abort the pass and leave the message
            // "sending" until its lease ends, again and again, never counted towards the dead letter.
            return DeliveryResult.Retry(ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static string Truncate(string error) => error.Length > 1000 ? error[..1000] : error;
}
