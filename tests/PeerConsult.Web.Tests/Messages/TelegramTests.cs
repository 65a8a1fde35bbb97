using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Messages.Telegram;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Portal;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>Telegram: a mother links her chat with a one-time deep link, messages go there, her replies come back through the webhook.</summary>
public sealed class TelegramTests
{
    private const string Secret = "webhook-secret-0123456789abcdef";
    private const long ChatId = 700100200;

    [Fact]
    public async Task DeepLink_OpenedInTelegram_LinksHerChatOnceAndMessagesGoThere()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        using var factory = TelegramFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        using var mother = await MotherClient.SignedInAsync(factory, phone);

        var token = await DeepLinkTokenAsync(mother);
        using (var webhook = await PostUpdateAsync(factory, Secret, Start(1, token)))
        {
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        }

        // Telegram retries webhooks: the same /start again links nothing twice, and the linked chat gets no
        // "this link no longer works".
        using (var again = await PostUpdateAsync(factory, Secret, Start(1, token)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("", await again.Content.ReadAsStringAsync());
        }

        await factory.DispatchAsync();

        // Her sign-in code was still waiting too; it goes to the chat she just linked.
        Assert.Equal(2, api.Sent.Count);
        var confirmation = Assert.Single(api.Sent, s => s.Text.Contains("готово", StringComparison.Ordinal));
        Assert.Equal(ChatId, confirmation.ChatId);
        Assert.StartsWith("Анна, готово: теперь сообщения Центра будут приходить сюда, в Telegram.", confirmation.Text, StringComparison.Ordinal);
        Assert.True(confirmation.PreviewDisabled);
        Assert.Contains("Telegram подключён", WebUtility.HtmlDecode(await mother.GetPageAsync("/my/telegram")), StringComparison.Ordinal);

        // She prefers WhatsApp, but she linked Telegram: that is where the Center writes now.
        var id = await InsertForMotherAsync(factory, request.Id, "Напоминание о встрече.");
        await factory.DispatchAsync();
        Assert.Equal(3, api.Sent.Count);
        Assert.Equal(("sent", "telegram"), await StateAsync(factory, id));
    }

    [Fact]
    public async Task DeepLink_ExpiredOrUnknownToken_LinksNothingAndTheBotSaysHowToGetANewOne()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        using var factory = TelegramFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = await MotherClient.SignedInAsync(factory, phone);
        var token = await DeepLinkTokenAsync(mother);

        factory.Clock.Advance(TimeSpan.FromDays(1));
        using (var expired = await PostUpdateAsync(factory, Secret, Start(1, token)))
        {
            await AssertBotAnswersAsync(expired, ChatId, "ссылка уже не работает");
        }

        using (var unknown = await PostUpdateAsync(factory, Secret, Start(2, "not-a-token")))
        {
            await AssertBotAnswersAsync(unknown, ChatId, "/my/telegram");
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.TelegramLinks.CountAsync()));
    }

    [Fact]
    public async Task Webhook_HerReply_ShownOnHerRequestOnceEvenWhenReplayed()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        using var factory = TelegramFactory(api);
        var request = await LinkedMotherAsync(factory);

        var reply = Message(5, 42, "Здравствуйте! Можно перенести встречу на вечер?");
        using (var first = await PostUpdateAsync(factory, Secret, reply))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var replay = await PostUpdateAsync(factory, Secret, reply))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.InboundMessages.CountAsync()));
        using var admin = await factory.CreateAdminClientAsync();
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/requests/{request.Id}"));
        Assert.Contains("Переписка: что написала мама", page, StringComparison.Ordinal);
        Assert.Contains("Здравствуйте! Можно перенести встречу на вечер?", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_FromAChatNobodyLinked_NothingStoredAndTheBotSaysHowToLink()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        using var factory = TelegramFactory(api);
        await LinkedMotherAsync(factory);

        using (var response = await PostUpdateAsync(factory, Secret, Message(9, 1, "Кто это?", chatId: 999)))
        {
            await AssertBotAnswersAsync(response, 999, "не связан с вашей заявкой");
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.InboundMessages.CountAsync()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("webhook-secret-0123456789abcdeX")]
    [InlineData("short")]
    public async Task Webhook_MissingOrWrongSecret_RefusedLoggedAndNothingStored(string? secret)
    {
        await using var api = await FakeTelegramApi.StartAsync();
        var logs = new CapturingLoggerProvider();
        using var factory = PeerConsultFactory.WithServices(s => s.AddSingleton<ILoggerProvider>(logs), Settings(api));
        await LinkedMotherAsync(factory);

        using (var response = await PostUpdateAsync(factory, secret, Message(5, 42, "Текст")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.InboundMessages.CountAsync()));
        Assert.Contains(logs.Lines, l => l.StartsWith("Telegram webhook refused: " + (secret is null ? "missing" : "wrong"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispatch_SheBlockedTheBot_PermanentSoTheNextChannelTakesOver()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        using var factory = TelegramFactory(api);
        var request = await LinkedMotherAsync(factory);
        api.Blocked[ChatId] = true;
        var id = await InsertForMotherAsync(factory, request.Id, "Текст");

        await factory.DispatchAsync();
        await factory.DispatchAsync();

        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel, m.FallbackNote }).SingleAsync());
        Assert.Equal((OutboxStatus.Manual, "manual", "telegram: 403 Forbidden: bot was blocked by the user"), (state.Status, state.Channel, state.FallbackNote));
    }

    [Fact]
    public async Task Dispatch_RateLimited_RetriedLaterThenSent()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        using var factory = TelegramFactory(api);
        var request = await LinkedMotherAsync(factory);
        api.RateLimited = true;
        var id = await InsertForMotherAsync(factory, request.Id, "Текст");

        await factory.DispatchAsync();
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel, m.LastError }).SingleAsync());
        Assert.Equal((OutboxStatus.Pending, "telegram", "429 too many requests (retry after 7 s)"), (state.Status, state.Channel, state.LastError));

        api.RateLimited = false;
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await factory.DispatchAsync();
        Assert.Equal(("sent", "telegram"), await StateAsync(factory, id));
    }

    [Fact]
    public async Task Dispatch_WrongBotToken_RetriedAndTheTokenNeverLogged()
    {
        await using var api = await FakeTelegramApi.StartAsync();
        var logs = new CapturingLoggerProvider();
        var settings = Settings(api).Where(s => s.Item1 != "Telegram:BotToken").Append(("Telegram:BotToken", "999:WRONG-token")).Append(("Logging:LogLevel:Default", "Trace")).ToArray();
        using var factory = PeerConsultFactory.WithServices(s => s.AddSingleton<ILoggerProvider>(logs), settings);
        var request = await LinkedMotherAsync(factory);
        var id = await InsertForMotherAsync(factory, request.Id, "Текст");

        await factory.DispatchAsync();

        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.LastError }).SingleAsync());
        Assert.Equal((OutboxStatus.Pending, "401 Unauthorized"), (state.Status, state.LastError));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("WRONG-token", StringComparison.Ordinal) || l.Contains(ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public void Start_TelegramEnabledWithAShortWebhookSecret_RefusesToStart()
    {
        using var factory = PeerConsultFactory.With(("Telegram:Enabled", "true"), ("Telegram:BotToken", FakeTelegramApi.Token), ("Telegram:BotUsername", "CenterBot"), ("Telegram:WebhookSecret", "abc"));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("Telegram:WebhookSecret", error.Message, StringComparison.Ordinal);
    }

    private static PeerConsultFactory TelegramFactory(FakeTelegramApi api) => PeerConsultFactory.With(Settings(api));

    private static (string, string?)[] Settings(FakeTelegramApi api) =>
    [
        ("Telegram:Enabled", "true"),
        ("Telegram:BotToken", FakeTelegramApi.Token),
        ("Telegram:BotUsername", "CenterBot"),
        ("Telegram:WebhookSecret", Secret),
        ("Telegram:ApiBaseUrl", api.BaseUrl),
    ];

    /// <summary>A mother who submitted a request, signed in and linked chat <see cref="ChatId"/>; the confirmation is dispatched.</summary>
    private static async Task<SubmittedRequest> LinkedMotherAsync(PeerConsultFactory factory)
    {
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        using var mother = await MotherClient.SignedInAsync(factory, phone);
        var token = await DeepLinkTokenAsync(mother);
        using (var response = await PostUpdateAsync(factory, Secret, Start(1, token)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await factory.DispatchAsync();
        return request;
    }

    private static async Task<string> DeepLinkTokenAsync(MotherClient mother)
    {
        using var response = await mother.PostFormAsync("/my/telegram", "/my/telegram");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("https://t.me/CenterBot?start=", location, StringComparison.Ordinal);
        return location["https://t.me/CenterBot?start=".Length..];
    }

    /// <summary>The webhook's answer is a Bot API call: Telegram sends that message to the chat at once.</summary>
    private static async Task AssertBotAnswersAsync(HttpResponseMessage response, long chatId, string fragment)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("sendMessage", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(chatId, json.RootElement.GetProperty("chat_id").GetInt64());
        Assert.Contains(fragment, json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static object Start(long updateId, string token) => Message(updateId, 1, "/start " + token);

    private static object Message(long updateId, long messageId, string text, long chatId = ChatId) => new
    {
        update_id = updateId,
        message = new
        {
            message_id = messageId,
            from = new { id = chatId, is_bot = false, first_name = "Анна" },
            chat = new { id = chatId, type = "private", first_name = "Анна" },
            date = 1772442000,
            text,
        },
    };

    private static async Task<HttpResponseMessage> PostUpdateAsync(PeerConsultFactory factory, string? secret, object update)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhook.Path) { Content = JsonContent.Create(update) };
        if (secret is not null)
        {
            request.Headers.Add(TelegramWebhook.SecretHeader, secret);
        }

        return await client.SendAsync(request);
    }

    private static Task<Guid> InsertForMotherAsync(PeerConsultFactory factory, Guid requestId, string body) => factory.WithDbAsync(async db =>
    {
        var motherId = await db.Requests.Where(r => r.Id == requestId).Select(r => r.MotherId).SingleAsync();
        var message = OutboxMessage.Create("mother.test", $"test:{Guid.CreateVersion7()}", RecipientKind.Mother, motherId, requestId, ChannelRouter.Auto, body, factory.Clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });

    private static async Task<(string Status, string Channel)> StateAsync(PeerConsultFactory factory, Guid id)
    {
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel }).SingleAsync());
        return (state.Status.ToString().ToLowerInvariant(), state.Channel);
    }
}

/// <summary>Keeps every formatted log line, to check what was (and was not) written.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
