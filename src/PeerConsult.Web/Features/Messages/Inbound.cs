using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

/// <summary>
/// A message a mother wrote to the Center through a messenger, matched to her and to her latest request. The pair
/// (<see cref="Channel"/>, <see cref="ExternalId"/>) is unique, so a webhook the service delivers twice (or an
/// attacker replays) is stored once.
/// </summary>
public sealed class InboundMessage
{
    public const int TextMaxLength = 4000;

    private InboundMessage()
    {
    }

    public Guid Id { get; private set; }

    public string Channel { get; private set; } = "";

    /// <summary>The service's id of the message (Telegram: chat and message id; WhatsApp: its wamid).</summary>
    public string ExternalId { get; private set; } = "";

    public Guid MotherId { get; private set; }

    public Guid? RequestId { get; private set; }

    public string Text { get; private set; } = "";

    /// <summary>When it arrived at the Center (the app's clock, not the sender's).</summary>
    public DateTime ReceivedAt { get; private set; }

    public static InboundMessage Create(string channel, string externalId, Guid motherId, Guid? requestId, string text, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Channel = channel,
        ExternalId = externalId,
        MotherId = motherId,
        RequestId = requestId,
        Text = text.Length > TextMaxLength ? text[..TextMaxLength] : text,
        ReceivedAt = now,
    };
}

public sealed record ConversationLine(string Channel, string Text, DateTime ReceivedAt);

/// <summary>Stores what mothers write and shows it on their request.</summary>
public sealed class InboundMessages(AppDbContext db)
{
    /// <summary>Stores one incoming message; false when it was already stored (a replayed or repeated delivery).</summary>
    public async Task<bool> StoreAsync(string channel, string externalId, Guid motherId, string text, DateTime now, CancellationToken ct)
    {
        if (await db.InboundMessages.AnyAsync(m => m.Channel == channel && m.ExternalId == externalId, ct))
        {
            return false;
        }

        var requestId = await db.Requests.Where(r => r.MotherId == motherId)
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        db.InboundMessages.Add(InboundMessage.Create(channel, externalId, motherId, requestId, text, now));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The same delivery raced in on another thread; the unique index kept one.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public Task<List<ConversationLine>> ForRequestAsync(Guid requestId, CancellationToken ct) =>
        db.InboundMessages.AsNoTracking().Where(m => m.RequestId == requestId)
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
            .Select(m => new ConversationLine(m.Channel, m.Text, m.ReceivedAt))
            .ToListAsync(ct);
}
