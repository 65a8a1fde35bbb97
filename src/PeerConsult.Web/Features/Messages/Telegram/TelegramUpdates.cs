using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages.Telegram;

/// <summary>Issues deep links, links chats, and stores what mothers write to the bot.</summary>
public sealed class TelegramUpdates(
    AppDbContext db,
    InboundMessages inbound,
    MessageComposer composer,
    IOptions<TelegramOptions> options,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    ILogger<TelegramUpdates> log)
{
    public const string LinkedKind = "mother.telegram-linked";

    /// <summary>The bot's answer to a deep link that is unknown, used or expired.</summary>
    public const string LinkInvalidKind = "telegram.link-invalid";

    /// <summary>The bot's answer to someone writing from a chat no mother has linked.</summary>
    public const string NotLinkedKind = "telegram.not-linked";

    /// <summary>A one-time deep link for the signed-in mother: t.me/{bot}?start={token}.</summary>
    public async Task<string?> IssueLinkAsync(Guid userId, CancellationToken ct)
    {
        var motherId = await db.Mothers.Where(m => m.UserId == userId).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(ct);
        if (motherId is not { } id)
        {
            return null;
        }

        var token = SignInSecrets.NewLinkToken();
        var now = clock.GetUtcNow().UtcDateTime;
        db.TelegramLinkTokens.Add(TelegramLinkToken.Create(id, SignInSecrets.HashLink(token), now + options.Value.LinkLifetime));
        await db.SaveChangesAsync(ct);
        return $"https://t.me/{options.Value.BotUsername}?start={token}";
    }

    public Task<bool> IsLinkedAsync(Guid userId, CancellationToken ct) =>
        db.TelegramLinks.AnyAsync(l => db.Mothers.Any(m => m.Id == l.MotherId && m.UserId == userId), ct);

    /// <summary>Handles one update; returns what the bot should answer in that chat at once, if anything.</summary>
    public async Task<string?> HandleAsync(Update update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Message is not { Text: { } text, Chat: { } chat } message)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (text.StartsWith("/start", StringComparison.Ordinal))
        {
            var linked = await LinkAsync(text["/start".Length..].Trim(), chat.Id, now, ct);
            return linked ? null : composer.Compose(LinkInvalidKind, Links());
        }

        var motherId = await db.TelegramLinks.Where(l => l.ChatId == chat.Id).Select(l => (Guid?)l.MotherId).SingleOrDefaultAsync(ct);
        if (motherId is not { } id)
        {
            log.LogInformation("Telegram update {UpdateId} from a chat no mother has linked; answered with how to link", update.UpdateId);
            return composer.Compose(NotLinkedKind, Links());
        }

        var stored = await inbound.StoreAsync(TelegramChannel.ChannelName, $"{chat.Id}:{message.MessageId}", id, text, now, ct);
        if (!stored)
        {
            log.LogInformation("Telegram update {UpdateId} was already stored; ignored", update.UpdateId);
        }

        return null;
    }

    private Dictionary<string, string> Links() =>
        new() { ["link"] = $"{portal.Value.PublicBaseUrl.TrimEnd('/')}/my/telegram" };

    private async Task<bool> LinkAsync(string token, long chatId, DateTime now, CancellationToken ct)
    {
        if (token.Length is 0 or > 64)
        {
            return false;
        }

        var hash = SignInSecrets.HashLink(token);

        // Compare-and-set: a link opened twice (or replayed) links once.
        var used = await db.TelegramLinkTokens.Where(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (used == 0)
        {
            log.LogInformation("Telegram link token unknown, used or expired");

            // A link tapped twice (or a replayed update) from a chat that is already linked needs no answer.
            return await db.TelegramLinks.AnyAsync(l => l.ChatId == chatId, ct);
        }

        var issued = await db.TelegramLinkTokens.AsNoTracking().Where(t => t.TokenHash == hash).Select(t => new { t.Id, t.MotherId }).SingleAsync(ct);

        // One chat belongs to one mother: a chat linked again moves to whoever opened the newest link.
        await db.TelegramLinks.Where(l => l.ChatId == chatId && l.MotherId != issued.MotherId).ExecuteDeleteAsync(ct);
        var link = await db.TelegramLinks.SingleOrDefaultAsync(l => l.MotherId == issued.MotherId, ct);
        if (link is null)
        {
            db.TelegramLinks.Add(TelegramLink.Create(issued.MotherId, chatId, now));
        }
        else
        {
            link.Relink(chatId, now);
        }

        var name = await db.Mothers.Where(m => m.Id == issued.MotherId).Select(m => m.Name).SingleAsync(ct);
        var body = composer.Compose(LinkedKind, new Dictionary<string, string> { ["name"] = name });
        db.OutboxMessages.Add(OutboxMessage.Create(LinkedKind, $"{LinkedKind}:{issued.Id}", RecipientKind.Mother, issued.MotherId, null, ChannelRouter.Auto, body, now));
        await db.SaveChangesAsync(ct);
        log.LogInformation("Telegram chat linked for a mother (token {TokenId})", issued.Id);
        return true;
    }

    /// <summary>What the webhook needs of Telegram's Update object.</summary>
    public sealed record Update(
        [property: JsonPropertyName("update_id")] long UpdateId,
        [property: JsonPropertyName("message")] IncomingMessage? Message);

    public sealed record IncomingMessage(
        [property: JsonPropertyName("message_id")] long MessageId,
        [property: JsonPropertyName("chat")] Chat? Chat,
        [property: JsonPropertyName("text")] string? Text);

    public sealed record Chat([property: JsonPropertyName("id")] long Id);
}

public static class TelegramWebhook
{
    public const string Path = "/webhooks/telegram";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IOptions<TelegramOptions> options, IServiceProvider services, ILoggerFactory logs, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return Results.NotFound();
        }

        var log = logs.CreateLogger(typeof(TelegramWebhook));
        var given = request.Headers[SecretHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(o.WebhookSecret)))
        {
            log.LogWarning("Telegram webhook refused: {Problem} secret token", given.Length == 0 ? "missing" : "wrong");
            return Results.Unauthorized();
        }

        TelegramUpdates.Update? update;
        try
        {
            update = await request.ReadFromJsonAsync<TelegramUpdates.Update>(ct);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (update is null)
        {
            return Results.BadRequest();
        }

        // Telegram lets a webhook answer with one Bot API call: the bot replies at once, with no outbox row (the
        // chat belongs to no mother we know, so there is nobody to address a message to).
        var reply = await services.GetRequiredService<TelegramUpdates>().HandleAsync(update, ct);
        return reply is not null && update.Message?.Chat is { } chat
            ? Results.Json(new TelegramReply("sendMessage", chat.Id, reply))
            : Results.Ok();
    }
}

/// <summary>A Bot API method call returned as the webhook's answer.</summary>
public sealed record TelegramReply(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("chat_id")] long ChatId,
    [property: JsonPropertyName("text")] string Text);
