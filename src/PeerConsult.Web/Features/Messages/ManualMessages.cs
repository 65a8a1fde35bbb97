using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

public sealed record ManualRow(
    Guid Id,
    string Kind,
    RecipientKind Recipient,
    Guid? RequestId,
    string? RequestNumber,
    string? Name,
    string? Phone,
    Messenger? Messenger,
    DateTime CreatedAt,
    string Body,
    string? FallbackNote);

public enum MarkSentResult
{
    Marked,
    NotFound,

    /// <summary>Not waiting for a hand any more (another administrator marked it, or it went another way).</summary>
    NotManual,
}

/// <summary>The manual channel's list: what an administrator has to send by hand, with links that carry the text.</summary>
public sealed class ManualMessages(AppDbContext db)
{
    public Task<List<ManualRow>> ListAsync(CancellationToken ct) =>
        db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Manual)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(MessagesQuery.PageSize)
            .Select(m => new ManualRow(
                m.Id,
                m.Kind,
                m.Recipient,
                m.RequestId,
                db.Requests.Where(r => r.Id == m.RequestId).Select(r => r.Number).FirstOrDefault(),
                m.Recipient == RecipientKind.Mother
                    ? db.Mothers.Where(x => x.Id == m.RecipientId).Select(x => x.Name).FirstOrDefault()
                    : db.Consultants.Where(x => x.Id == m.RecipientId).Select(x => x.DisplayName).FirstOrDefault(),
                m.Recipient == RecipientKind.Mother
                    ? db.Mothers.Where(x => x.Id == m.RecipientId).Select(x => x.Phone).FirstOrDefault()
                    : db.Consultants.Where(x => x.Id == m.RecipientId).Select(x => x.Phone).FirstOrDefault(),
                m.Recipient == RecipientKind.Mother
                    ? db.Mothers.Where(x => x.Id == m.RecipientId).Select(x => (Messenger?)x.PreferredMessenger).FirstOrDefault()
                    : null,
                m.CreatedAt,
                m.Body,
                m.FallbackNote))
            .ToListAsync(ct);

    public Task<int> CountAsync(CancellationToken ct) => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Manual, ct);

    /// <summary>Compare-and-set from Manual to Sent: two administrators clicking at once record one sending.</summary>
    public async Task<MarkSentResult> MarkSentAsync(Guid id, Guid byUserId, DateTime now, CancellationToken ct)
    {
        var marked = await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Manual)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.SentByUserId, byUserId), ct);
        if (marked == 1)
        {
            return MarkSentResult.Marked;
        }

        return await db.OutboxMessages.AnyAsync(m => m.Id == id, ct) ? MarkSentResult.NotManual : MarkSentResult.NotFound;
    }

    /// <summary>wa.me opens a chat with her number and the prepared text (digits only, no plus).</summary>
    public static string WhatsAppLink(string phone, string body)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return "https://wa.me/" + new string([.. phone.Where(char.IsAsciiDigit)]) + "?text=" + Uri.EscapeDataString(body);
    }

    /// <summary>
    /// Telegram has no "chat with this number and this text" link; its share link carries the text (with the portal's
    /// address, which the link requires) and the administrator picks her chat.
    /// </summary>
    public static string TelegramLink(string portalUrl, string body) =>
        "https://t.me/share/url?url=" + Uri.EscapeDataString(portalUrl) + "&text=" + Uri.EscapeDataString(body);
}
