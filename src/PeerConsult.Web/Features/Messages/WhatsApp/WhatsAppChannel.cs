using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Messages.WhatsApp;

/// <summary>
/// Sends through the WhatsApp Business Cloud API (POST /{version}/{phone-number-id}/messages). Inside the 24-hour
/// window that opens when she writes to the Center, the message goes as free text; outside it, as the approved
/// template for its kind, filled from the message's values. Meta's error codes decide what happens next.
/// </summary>
public sealed class WhatsAppChannel(HttpClient http, IOptions<WhatsAppOptions> options, TimeProvider clock, ILogger<WhatsAppChannel> log) : IMessageChannel
{
    public const string ChannelName = "whatsapp";

    /// <summary>Re-engagement: more than 24 hours since she last wrote, free text refused.</summary>
    public const int OutsideWindow = 131047;

    public string Name => ChannelName;

    public bool CanReach(RecipientKind recipient, RecipientAddress address) => recipient == RecipientKind.Mother && !string.IsNullOrEmpty(address?.Phone);

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(address);
        if (string.IsNullOrEmpty(address.Phone))
        {
            return DeliveryResult.GiveUp("no phone number");
        }

        var o = options.Value;
        var to = address.Phone.TrimStart('+');
        var now = clock.GetUtcNow().UtcDateTime;
        var windowOpen = address.LastWhatsAppMessageAt is { } last && now < last + o.CustomerServiceWindow;
        if (windowOpen)
        {
            var result = await SendAsync(Text(to, message.Body), message.Id, ct);
            if (result.Code != OutsideWindow)
            {
                return result.Outcome;
            }

            // Our clock and Meta's disagree near the edge of the window: the template is the way in.
            log.LogInformation("WhatsApp message {MessageId}: outside the 24-hour window after all; sending its template", message.Id);
        }

        if (!o.Templates.TryGetValue(message.Kind, out var template))
        {
            return DeliveryResult.GiveUp($"no approved template for {message.Kind} outside the 24-hour window");
        }

        var args = message.Args();
        var missing = template.Parameters.Concat(template.CodeButtonParameter is { } b ? [b] : []).Where(p => !args.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            return DeliveryResult.GiveUp($"template {template.Name} needs {string.Join(", ", missing)}, which {message.Kind} does not carry");
        }

        return (await SendAsync(Template(to, template, args, o.TemplateLanguage), message.Id, ct)).Outcome;
    }

    private static JsonObject Text(string to, string body) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["recipient_type"] = "individual",
        ["to"] = to,
        ["type"] = "text",
        ["text"] = new JsonObject { ["preview_url"] = false, ["body"] = body },
    };

    private static JsonObject Template(string to, WhatsAppTemplate template, IReadOnlyDictionary<string, string> args, string language)
    {
        var components = new JsonArray();
        if (template.Parameters.Count > 0)
        {
            components.Add(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray([.. template.Parameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = Flat(args[p]) })]),
            });
        }

        if (template.CodeButtonParameter is { } code)
        {
            components.Add(new JsonObject
            {
                ["type"] = "button",
                ["sub_type"] = "url",
                ["index"] = "0",
                ["parameters"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = args[code] }),
            });
        }

        return new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to,
            ["type"] = "template",
            ["template"] = new JsonObject
            {
                ["name"] = template.Name,
                ["language"] = new JsonObject { ["code"] = language },
                ["components"] = components,
            },
        };
    }

    // Template parameters may not hold new lines, tabs or more than four spaces in a row.
    private static string Flat(string value) => string.Join(' ', value.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    private async Task<(DeliveryResult Outcome, int? Code)> SendAsync(JsonObject body, Guid messageId, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.ApiVersion}/{o.PhoneNumberId}/messages")
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AccessToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning("WhatsApp message {MessageId} not sent: {Failure}", messageId, ex.GetType().Name);
            return (DeliveryResult.Retry("connection: " + ex.GetType().Name), null);
        }

        using (response)
        {
            JsonNode? answer = null;
            try
            {
                answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            }
            catch (JsonException)
            {
                // Not Graph API JSON (a proxy's page): judged by the status code alone.
            }

            if (response.IsSuccessStatusCode && answer?["messages"]?[0]?["id"]?.GetValue<string>() is { } wamid)
            {
                return (DeliveryResult.Accepted(wamid), null);
            }

            var code = answer?["error"]?["code"]?.GetValue<int>();
            var status = (int)response.StatusCode;
            log.LogWarning("WhatsApp message {MessageId} refused: HTTP {Status}, code {Code}", messageId, status, code);
            var error = $"{code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "HTTP " + status} {Describe(code)}";
            return (code switch
            {
                // Rate limits (pair, account, spam) and Meta's own trouble: later.
                130429 or 131056 or 80007 or 4 or 131000 or 131016 or 133004 => DeliveryResult.Retry(error),

                // The Center's token expired or lacks permission: retry while an administrator fixes it.
                190 or 10 or 200 => DeliveryResult.Retry(error),

                // Not on WhatsApp / undeliverable, outside the window without a template, bad template: another channel.
                131026 or OutsideWindow or 131030 or 131051 or 132000 or 132001 or 132005 or 132012 or 100 => DeliveryResult.GiveUp(error),
                _ => status >= 500 || status == 429 ? DeliveryResult.Retry(error) : DeliveryResult.GiveUp(error),
            }, code);
        }
    }

    // Our words, not Meta's message text (which can echo the number).
    private static string Describe(int? code) => code switch
    {
        130429 or 131056 or 80007 or 4 => "rate limited",
        131026 => "undeliverable (not on WhatsApp or cannot receive)",
        OutsideWindow => "outside the 24-hour window",
        131030 => "recipient not allowed (test number list)",
        131000 or 131016 or 133004 => "WhatsApp unavailable",
        190 => "access token expired or invalid",
        10 or 200 => "permission denied",
        132000 or 132001 or 132005 or 132012 => "template rejected",
        100 => "invalid parameter",
        _ => "error",
    };
}
