using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages.WhatsApp;

/// <summary>
/// What the Cloud API's webhook brings: messages from mothers (matched by phone, stored once per wamid, and opening
/// the 24-hour window) and delivery statuses of what the Center sent.
/// </summary>
public sealed class WhatsAppUpdates(AppDbContext db, InboundMessages inbound, OutboxDispatcher outbox, TimeProvider clock, ILogger<WhatsAppUpdates> log)
{
    private static readonly string[] StatusOrder = ["sent", "delivered", "read"];

    public async Task HandleAsync(JsonNode payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var change in (payload["entry"] as JsonArray ?? []).SelectMany(e => e?["changes"] as JsonArray ?? []))
        {
            var value = change?["value"];
            foreach (var message in value?["messages"] as JsonArray ?? [])
            {
                await MessageAsync(message, now, ct);
            }

            foreach (var status in value?["statuses"] as JsonArray ?? [])
            {
                await StatusAsync(status, now, ct);
            }
        }
    }

    private async Task MessageAsync(JsonNode? message, DateTime now, CancellationToken ct)
    {
        if (message?["id"]?.GetValue<string>() is not { } id || message["from"]?.GetValue<string>() is not { } from)
        {
            return;
        }

        var phone = "+" + from;
        var motherId = await db.Mothers.Where(m => m.Phone == phone).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(ct);
        if (motherId is not { } mother)
        {
            log.LogInformation("WhatsApp message from a number no mother has; ignored");
            return;
        }

        var type = message["type"]?.GetValue<string>() ?? "unknown";
        var text = type == "text" ? message["text"]?["body"]?.GetValue<string>() ?? "" : $"[{type}]";
        if (!await inbound.StoreAsync(WhatsAppChannel.ChannelName, id, mother, text, now, ct))
        {
            log.LogInformation("WhatsApp message already stored; ignored (a repeated delivery)");
        }
    }

    private async Task StatusAsync(JsonNode? status, DateTime now, CancellationToken ct)
    {
        if (status?["id"]?.GetValue<string>() is not { } id || status["status"]?.GetValue<string>() is not { } state)
        {
            return;
        }

        // Statuses arrive out of order and repeatedly: only a step forward (or a failure) is recorded.
        var rank = Array.IndexOf(StatusOrder, state);
        if (state == "failed")
        {
            // Accepted, then not delivered: the next channel she has takes it over (for a mother, in the end, the
            // administrator's manual list), with Meta's reason in the note. If there is none, it stays marked failed;
            // a repeated report about a message that has moved on changes nothing.
            if (!await outbox.DeliveryFailedAsync(WhatsAppChannel.ChannelName, id, FailureReason(status), now, ct))
            {
                await db.OutboxMessages.Where(m => m.ProviderMessageId == id && m.Channel == WhatsAppChannel.ChannelName && m.Status == OutboxStatus.Sent)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderStatus, "failed"), ct);
            }
        }
        else if (rank >= 0)
        {
            var lower = StatusOrder[..rank];
            await db.OutboxMessages.Where(m => m.ProviderMessageId == id && (m.ProviderStatus == null || lower.Contains(m.ProviderStatus)))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderStatus, state), ct);
        }
    }

    /// <summary>"failed after it was accepted (131049 …)": Meta's first error code and title, when it sends them.</summary>
    private static string FailureReason(JsonNode status)
    {
        var error = (status["errors"] as JsonArray)?.FirstOrDefault();
        var code = error?["code"]?.ToString();
        var title = error?["title"]?.GetValue<string>();
        var detail = string.Join(' ', new[] { code, title }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return detail.Length == 0 ? "failed after it was accepted" : $"failed after it was accepted ({detail})";
    }
}

public static class WhatsAppWebhook
{
    public const string Path = "/webhooks/whatsapp";
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const int MaxBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapWhatsAppWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Verify).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>Meta's subscription check: echo hub.challenge when hub.verify_token is ours.</summary>
    private static IResult Verify(HttpRequest request, IOptions<WhatsAppOptions> options)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return Results.NotFound();
        }

        var mode = request.Query["hub.mode"].ToString();
        var token = request.Query["hub.verify_token"].ToString();
        return mode == "subscribe" && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(o.VerifyToken))
            ? Results.Text(request.Query["hub.challenge"].ToString(), "text/plain")
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IOptions<WhatsAppOptions> options, IServiceProvider services, ILoggerFactory logs, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return Results.NotFound();
        }

        var log = logs.CreateLogger(typeof(WhatsAppWebhook));
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBody)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // The signature is over the raw bytes as sent: checked before anything is parsed.
        var body = buffer.ToArray();
        var given = request.Headers[SignatureHeader].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(o.AppSecret), body));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected)))
        {
            log.LogWarning("WhatsApp webhook refused: {Problem} signature", given.Length == 0 ? "missing" : "wrong");
            return Results.Unauthorized();
        }

        JsonNode? payload;
        try
        {
            payload = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (payload is null)
        {
            return Results.BadRequest();
        }

        await services.GetRequiredService<WhatsAppUpdates>().HandleAsync(payload, ct);
        return Results.Ok();
    }
}
