using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

/// <summary>
/// Which channels a message tries, in order. Messages are written with <see cref="Auto"/>; the dispatcher picks the
/// first channel that is configured and has an address for the recipient, and on a permanent failure moves to the
/// next one (recording why, for the administrator).
/// </summary>
public sealed class ChannelRouter(IEnumerable<IMessageChannel> channels)
{
    /// <summary>The channel a message is written with: "decide when sending".</summary>
    public const string Auto = "auto";

    // The mother's preferred messenger decides; the rest follow as fall-backs. MAX and plain calls have no API, so
    // the administrator sends those by hand first.
    private static readonly string[] WhatsAppFirst = ["whatsapp", "telegram", "email", ManualChannel.ChannelName];
    private static readonly string[] TelegramFirst = ["telegram", "whatsapp", "email", ManualChannel.ChannelName];
    private static readonly string[] ByHandFirst = [ManualChannel.ChannelName, "whatsapp", "telegram", "email"];

    // Staff read every message in the app, so the log is their last resort rather than the manual list.
    private static readonly string[] Staff = ["email", LogChannel.ChannelName];

    public IReadOnlyList<string> Route(RecipientKind recipient, RecipientAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var order = recipient switch
        {
            // Linking her Telegram chat is her asking to be written to there.
            RecipientKind.Mother when address.TelegramChatId is not null => TelegramFirst,
            RecipientKind.Mother => address.PreferredMessenger switch
            {
                Messenger.Telegram => TelegramFirst,
                Messenger.Max or Messenger.Phone => ByHandFirst,
                Messenger.WhatsApp or null => WhatsAppFirst,
                _ => WhatsAppFirst,
            },
            RecipientKind.Consultant or RecipientKind.Administrators => Staff,
            _ => Staff,
        };
        var route = order
            .Select(name => channels.FirstOrDefault(c => c.Name == name))
            .Where(c => c is not null && c.CanReach(recipient, address))
            .Select(c => c!.Name)
            .ToList();
        if (route.Count == 0)
        {
            // Nothing can reach her (no phone, no address): the log at least shows it on the messages page.
            route.Add(LogChannel.ChannelName);
        }

        return route;
    }
}

/// <summary>Looks up where a message's recipient can be reached now.</summary>
public sealed class RecipientDirectory(AppDbContext db)
{
    public async Task<RecipientAddress> FindAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.Recipient)
        {
            case RecipientKind.Mother when message.RecipientId is { } id:
                var mother = await db.Mothers.AsNoTracking().Where(m => m.Id == id)
                    .Select(m => new
                    {
                        m.Phone,
                        m.PreferredMessenger,
                        m.Email,
                        Chat = db.TelegramLinks.Where(l => l.MotherId == m.Id).Select(l => (long?)l.ChatId).FirstOrDefault(),
                        LastWhatsApp = db.InboundMessages.Where(i => i.MotherId == m.Id && i.Channel == "whatsapp").Max(i => (DateTime?)i.ReceivedAt),
                    })
                    .SingleOrDefaultAsync(ct);
                return mother is null
                    ? RecipientAddress.Nowhere
                    : new RecipientAddress(mother.Phone, mother.PreferredMessenger, mother.Email is { } e ? [e] : [], mother.Chat?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    {
                        LastWhatsAppMessageAt = mother.LastWhatsApp,
                    };
            case RecipientKind.Consultant when message.RecipientId is { } id:
                var consultant = await db.Consultants.AsNoTracking().Where(c => c.Id == id)
                    .Select(c => new { c.Phone, c.Email })
                    .SingleOrDefaultAsync(ct);
                return consultant is null
                    ? RecipientAddress.Nowhere
                    : new RecipientAddress(consultant.Phone, null, string.IsNullOrEmpty(consultant.Email) ? [] : [consultant.Email], null);
            case RecipientKind.Administrators:
                var emails = await (
                    from user in db.Users
                    join userRole in db.UserRoles on user.Id equals userRole.UserId
                    join role in db.Roles on userRole.RoleId equals role.Id
                    where role.Name == Roles.Administrator && user.Email != null
                    orderby user.Email
                    select user.Email!).ToListAsync(ct);
                return new RecipientAddress(null, null, emails, null);
            default:
                return RecipientAddress.Nowhere;
        }
    }
}
