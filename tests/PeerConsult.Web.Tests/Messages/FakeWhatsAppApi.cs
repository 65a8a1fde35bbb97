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

/// <summary>One request the fake Cloud API accepted.</summary>
public sealed record WhatsAppSent(string To, string Type, string? Text, string? Template, string? Language, IReadOnlyList<string> Parameters, string? ButtonParameter);

/// <summary>
/// graph.facebook.com's WhatsApp Cloud API as far as the app uses it, on Kestrel at a loopback port:
/// POST /{version}/{phone-number-id}/messages with a bearer token and the messages JSON; answers
/// {"messages":[{"id":"wamid…"}]} or {"error":{"code":…}} like Meta: 190 bad token, 131047 free text outside the
/// 24-hour window, 132001 unknown template, 132000 wrong parameter count, 131026 undeliverable, 130429 rate limit.
/// </summary>
public sealed class FakeWhatsAppApi : IAsyncDisposable
{
    public const string Version = "v21.0";
    public const string PhoneNumberId = "109876543210";
    public const string AccessToken = "EAAG-test-access-token";

    private readonly WebApplication _app;
    private int _id;

    private FakeWhatsAppApi(WebApplication app) => _app = app;

    public ConcurrentQueue<WhatsAppSent> Sent { get; } = new();

    /// <summary>Numbers (digits) that wrote to the business in the last 24 hours, as Meta sees it.</summary>
    public ConcurrentDictionary<string, bool> WindowOpen { get; } = new();

    public ConcurrentDictionary<string, bool> Undeliverable { get; } = new();

    /// <summary>Approved templates: name → number of body parameters.</summary>
    public ConcurrentDictionary<string, int> Approved { get; } = new();

    public bool RateLimited { get; set; }

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeWhatsAppApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWhatsAppApi(app);
        app.MapPost("/{version}/{phoneNumberId}/messages", fake.MessagesAsync);
        app.MapFallback((HttpContext c) => Error(c, 400, 100, "Unsupported post request."));
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task MessagesAsync(HttpContext context, string version, string phoneNumberId)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + AccessToken)
        {
            await Error(context, 401, 190, "Invalid OAuth access token - Cannot parse access token");
            return;
        }

        if (version != Version || phoneNumberId != PhoneNumberId)
        {
            await Error(context, 400, 100, "Unsupported post request. Object with ID does not exist");
            return;
        }

        if (RateLimited)
        {
            await Error(context, 400, 130429, "Rate limit hit");
            return;
        }

        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var root = json.RootElement;
        var to = root.TryGetProperty("to", out var t) ? t.GetString() ?? "" : "";
        if (root.GetProperty("messaging_product").GetString() != "whatsapp" || to.Length < 8 || !to.All(char.IsAsciiDigit))
        {
            await Error(context, 400, 100, "Invalid parameter");
            return;
        }

        if (Undeliverable.ContainsKey(to))
        {
            await Error(context, 400, 131026, "Message undeliverable");
            return;
        }

        var type = root.GetProperty("type").GetString();
        WhatsAppSent sent;
        if (type == "text")
        {
            if (!WindowOpen.ContainsKey(to))
            {
                await Error(context, 400, 131047, "Re-engagement message");
                return;
            }

            sent = new WhatsAppSent(to, "text", root.GetProperty("text").GetProperty("body").GetString(), null, null, [], null);
        }
        else if (type == "template")
        {
            var template = root.GetProperty("template");
            var name = template.GetProperty("name").GetString()!;
            if (!Approved.TryGetValue(name, out var count))
            {
                await Error(context, 404, 132001, "Template name does not exist in the translation");
                return;
            }

            var components = template.TryGetProperty("components", out var c) ? c.EnumerateArray().ToList() : [];
            var parameters = components.Where(x => x.GetProperty("type").GetString() == "body")
                .SelectMany(x => x.GetProperty("parameters").EnumerateArray()).Select(p => p.GetProperty("text").GetString()!).ToList();
            if (parameters.Count != count || parameters.Any(p => p.Contains('\n', StringComparison.Ordinal)))
            {
                await Error(context, 400, 132000, "Number of parameters does not match the expected number of params");
                return;
            }

            var button = components.Where(x => x.GetProperty("type").GetString() == "button")
                .Select(x => x.GetProperty("parameters")[0].GetProperty("text").GetString()).FirstOrDefault();
            sent = new WhatsAppSent(to, "template", null, name, template.GetProperty("language").GetProperty("code").GetString(), parameters, button);
        }
        else
        {
            await Error(context, 400, 100, "Invalid parameter");
            return;
        }

        Sent.Enqueue(sent);
        var id = $"wamid.TEST{Interlocked.Increment(ref _id)}";
        await context.Response.WriteAsJsonAsync(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = to, wa_id = to } },
            messages = new[] { new { id } },
        });
    }

    private static Task Error(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type = "OAuthException", code, fbtrace_id = "AbCdEf" } });
    }
}
