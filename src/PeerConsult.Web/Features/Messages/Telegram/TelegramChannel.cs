using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Messages.Telegram;

/// <summary>
/// Sends through the Bot API's sendMessage to the chat a mother linked. Telegram's own answer decides: 400 (chat
/// not found) and 403 (she blocked the bot) are permanent, so the next channel she has takes over; 429 and 5xx are
/// tried again. The bot token is part of the address, so this client's requests are never logged.
/// </summary>
public sealed class TelegramChannel(HttpClient http, IOptions<TelegramOptions> options, ILogger<TelegramChannel> log) : IMessageChannel
{
    public const string ChannelName = "telegram";

    public string Name => ChannelName;

    public bool CanReach(RecipientKind recipient, RecipientAddress address) => address?.TelegramChatId is not null;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(address);
        if (address.TelegramChatId is not { } chat || !long.TryParse(chat, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return DeliveryResult.GiveUp("no linked chat");
        }

        return await SendAsync(chatId, message.Body, message.Id, ct);
    }

    public async Task<DeliveryResult> SendAsync(long chatId, string text, Guid messageId, CancellationToken ct)
    {
        var request = new SendMessage(chatId, text, new LinkPreview(true));
        HttpResponseMessage response;
        try
        {
            // "./" first: "bot123:ABC/…" alone would read as a URI with the scheme "bot123".
            response = await http.PostAsJsonAsync($"./bot{options.Value.BotToken}/sendMessage", request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning("Telegram message {MessageId} not sent: {Failure}", messageId, ex.GetType().Name);
            return DeliveryResult.Retry("connection: " + ex.GetType().Name);
        }

        using (response)
        {
            ApiAnswer? answer = null;
            try
            {
                answer = await response.Content.ReadFromJsonAsync<ApiAnswer>(ct);
            }
            catch (JsonException)
            {
                // Not Telegram's JSON (a proxy's error page): judged by the status code alone.
            }

            if (response.IsSuccessStatusCode && answer is { Ok: true })
            {
                return DeliveryResult.Ok;
            }

            var code = answer?.ErrorCode ?? (int)response.StatusCode;
            var description = Short(answer?.Description);
            log.LogWarning("Telegram message {MessageId} refused: {Code}", messageId, code);
            return code switch
            {
                (int)HttpStatusCode.TooManyRequests => DeliveryResult.Retry($"429 too many requests (retry after {answer?.Parameters?.RetryAfter ?? 0} s)"),
                (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.Forbidden => DeliveryResult.GiveUp($"{code} {description}"),

                // 401/404: the Center's token is wrong; retrying gives an administrator time to fix the configuration.
                _ => DeliveryResult.Retry($"{code} {description}"),
            };
        }
    }

    private static string Short(string? description) => description is null ? "error" : description.Length > 200 ? description[..200] : description;

    private sealed record SendMessage(
        [property: JsonPropertyName("chat_id")] long ChatId,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("link_preview_options")] LinkPreview LinkPreviewOptions);

    private sealed record LinkPreview([property: JsonPropertyName("is_disabled")] bool IsDisabled);

    private sealed record ApiAnswer(
        [property: JsonPropertyName("ok")] bool Ok,
        [property: JsonPropertyName("error_code")] int? ErrorCode,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("parameters")] ResponseParameters? Parameters);

    private sealed record ResponseParameters([property: JsonPropertyName("retry_after")] int? RetryAfter);
}
