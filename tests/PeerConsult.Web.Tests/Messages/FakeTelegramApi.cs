using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PeerConsult.Web.Tests.Messages;

public sealed record TelegramSent(long ChatId, string Text, bool PreviewDisabled);

/// <summary>
/// api.telegram.org as far as the app uses it, on Kestrel at a loopback port: POST /bot{token}/sendMessage with a
/// JSON body, answered the way the Bot API answers — {"ok":true,"result":…} or {"ok":false,"error_code":…,
/// "description":…} — including 401 for a wrong token, 400 "chat not found", 403 "bot was blocked by the user"
/// and 429 with parameters.retry_after.
/// </summary>
public sealed class FakeTelegramApi : IAsyncDisposable
{
    public const string Token = "123456:TEST-bot-token_abc";

    private readonly WebApplication _app;
    private int _messageId;

    private FakeTelegramApi(WebApplication app) => _app = app;

    public ConcurrentQueue<TelegramSent> Sent { get; } = new();

    /// <summary>Chats that blocked the bot (403).</summary>
    public ConcurrentDictionary<long, bool> Blocked { get; } = new();

    /// <summary>While set, every call gets 429.</summary>
    public bool RateLimited { get; set; }

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeTelegramApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTelegramApi(app);
        // Parsed by hand: a route pattern "bot{token}" matches its literal from the right and fails on tokens containing "bot".
        app.MapPost("/{method}/sendMessage", (HttpContext c, string method) =>
            method.StartsWith("bot", StringComparison.Ordinal) ? fake.SendMessageAsync(c, method[3..]) : Answer(c, 404, "Not Found"));
        app.MapFallback((HttpContext c) => Answer(c, 404, "Not Found"));
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task SendMessageAsync(HttpContext context, string token)
    {
        if (token != Token)
        {
            await Answer(context, 401, "Unauthorized");
            return;
        }

        if (RateLimited)
        {
            context.Response.StatusCode = 429;
            await context.Response.WriteAsJsonAsync(new { ok = false, error_code = 429, description = "Too Many Requests: retry after 7", parameters = new { retry_after = 7 } });
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await Answer(context, 400, "Bad Request: unsupported content type");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (!root.TryGetProperty("chat_id", out var chat) || chat.ValueKind != JsonValueKind.Number)
        {
            await Answer(context, 400, "Bad Request: chat_id is empty");
            return;
        }

        var text = root.TryGetProperty("text", out var t) ? t.GetString() : null;
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            await Answer(context, 400, string.IsNullOrEmpty(text) ? "Bad Request: message text is empty" : "Bad Request: message is too long");
            return;
        }

        var chatId = chat.GetInt64();
        if (chatId <= 0)
        {
            await Answer(context, 400, "Bad Request: chat not found");
            return;
        }

        if (Blocked.ContainsKey(chatId))
        {
            await Answer(context, 403, "Forbidden: bot was blocked by the user");
            return;
        }

        var preview = root.TryGetProperty("link_preview_options", out var p) && p.TryGetProperty("is_disabled", out var d) && d.GetBoolean();
        Sent.Enqueue(new TelegramSent(chatId, text, preview));
        await context.Response.WriteAsJsonAsync(new
        {
            ok = true,
            result = new { message_id = Interlocked.Increment(ref _messageId), chat = new { id = chatId, type = "private" }, date = 1772442000, text },
        });
    }

    private static Task Answer(HttpContext context, int code, string description)
    {
        context.Response.StatusCode = code;
        return context.Response.WriteAsJsonAsync(new { ok = false, error_code = code, description });
    }
}
