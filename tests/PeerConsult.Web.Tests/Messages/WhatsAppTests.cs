using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Messages.WhatsApp;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Portal;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>WhatsApp Cloud API: templates outside the 24-hour window, free text inside it, Meta's errors, and the signed webhook.</summary>
public sealed class WhatsAppTests
{
    private const string AppSecret = "meta-app-secret-0123456789";
    private const string VerifyToken = "verify-token-0123456789";

    [Fact]
    public async Task Dispatch_OutsideTheWindow_ApprovedTemplateWithItsParametersInOrder()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        var id = await InsertAsync(factory, request.Id, "mother.reminder", "Анна, здравствуйте!\nНапишите консультанту.", new() { ["name"] = "Анна", ["consultant"] = "Мария\nПетрова" });

        Assert.Equal(1, await factory.DispatchAsync());

        var sent = Assert.Single(api.Sent);
        Assert.Equal((phone.TrimStart('+'), "template", "pc_reminder", "ru"), (sent.To, sent.Type, sent.Template, sent.Language));
        Assert.Equal(["Анна", "Мария Петрова"], sent.Parameters);
        var state = await StateAsync(factory, id);
        Assert.Equal((OutboxStatus.Sent, "whatsapp", "wamid.TEST1"), (state.Status, state.Channel, state.ProviderMessageId));
    }

    [Fact]
    public async Task Dispatch_SignInCode_AuthenticationTemplateWithTheCodeInItsButton()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);
        var code = (await mother.AskAndReadCodeAsync(phone)).Code;

        await factory.DispatchAsync();

        var sent = Assert.Single(api.Sent);
        Assert.Equal(("pc_sign_in_code", code), (sent.Template, sent.ButtonParameter));
        Assert.Equal([code], sent.Parameters);
    }

    [Fact]
    public async Task Dispatch_SheWroteWithin24Hours_FreeTextAndHerMessageOnHerRequest()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        api.WindowOpen[phone.TrimStart('+')] = true;
        using (var response = await PostSignedAsync(factory, Incoming(phone, "wamid.IN1", "Здравствуйте, это Анна")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromHours(23));
        var id = await InsertAsync(factory, request.Id, "mother.test", "Анна, спасибо! Консультант напишет вам сегодня.", []);
        await factory.DispatchAsync();

        var sent = Assert.Single(api.Sent);
        Assert.Equal(("text", "Анна, спасибо! Консультант напишет вам сегодня."), (sent.Type, sent.Text));
        Assert.Equal(OutboxStatus.Sent, (await StateAsync(factory, id)).Status);
        using var admin = await factory.CreateAdminClientAsync();
        Assert.Contains("Здравствуйте, это Анна", WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/requests/{request.Id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_WindowClosedForMetaAndNoTemplateForTheKind_NextChannelTakesOver()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);

        // We saw her write 23 h ago; Meta does not count it (its window is shut): 131047, and this kind has no template.
        using (await PostSignedAsync(factory, Incoming(phone, "wamid.IN2", "Привет")))
        {
        }

        factory.Clock.Advance(TimeSpan.FromHours(23));
        var id = await InsertAsync(factory, request.Id, "mother.test", "Текст", []);
        await factory.DispatchAsync();
        await factory.DispatchAsync();

        Assert.Empty(api.Sent);
        var state = await StateAsync(factory, id);
        Assert.Equal((OutboxStatus.Manual, "whatsapp: no approved template for mother.test outside the 24-hour window"), (state.Status, state.FallbackNote));
    }

    [Fact]
    public async Task Dispatch_WindowClosedForMetaButTemplateExists_TemplateSentInTheSameAttempt()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        using (await PostSignedAsync(factory, Incoming(phone, "wamid.IN3", "Привет")))
        {
        }

        var id = await InsertAsync(factory, request.Id, "mother.reminder", "Текст", new() { ["name"] = "Анна", ["consultant"] = "Мария" });
        await factory.DispatchAsync();

        var sent = Assert.Single(api.Sent);
        Assert.Equal("pc_reminder", sent.Template);
        Assert.Equal((OutboxStatus.Sent, 1), ((await StateAsync(factory, id)).Status, (await StateAsync(factory, id)).Attempts));
    }

    [Fact]
    public async Task Dispatch_Undeliverable_NextChannelTakesOver_RateLimited_RetriedLater()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var lost = PeerConsultFactory.NewPhone();
        var lostRequest = await factory.SubmitRequestAsync(lost);
        api.Undeliverable[lost.TrimStart('+')] = true;
        var lostId = await InsertAsync(factory, lostRequest.Id, "mother.reminder", "Текст", new() { ["name"] = "Анна", ["consultant"] = "Мария" });

        await factory.DispatchAsync();
        await factory.DispatchAsync();
        var lostState = await StateAsync(factory, lostId);
        Assert.Equal((OutboxStatus.Manual, "whatsapp: 131026 undeliverable (not on WhatsApp or cannot receive)"), (lostState.Status, lostState.FallbackNote));

        api.RateLimited = true;
        var busyRequest = await factory.SubmitRequestAsync();
        var busyId = await InsertAsync(factory, busyRequest.Id, "mother.reminder", "Текст", new() { ["name"] = "Анна", ["consultant"] = "Мария" });
        await factory.DispatchAsync();
        var busy = await StateAsync(factory, busyId);
        Assert.Equal((OutboxStatus.Pending, "whatsapp", "130429 rate limited"), (busy.Status, busy.Channel, busy.LastError));

        api.RateLimited = false;
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await factory.DispatchAsync();
        Assert.Equal(OutboxStatus.Sent, (await StateAsync(factory, busyId)).Status);
    }

    [Fact]
    public async Task Webhook_VerificationChallenge_EchoedOnlyForOurToken()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        using var client = factory.CreateClient();

        using var ok = await client.GetAsync($"{WhatsAppWebhook.Path}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        using var wrong = await client.GetAsync($"{WhatsAppWebhook.Path}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("tampered")]
    public async Task Webhook_MissingOrWrongSignature_RefusedLoggedAndNothingStored(string? signature)
    {
        await using var api = await StartApiAsync();
        var logs = new CapturingLoggerProvider();
        using var factory = PeerConsultFactory.WithServices(s => s.AddSingleton<ILoggerProvider>(logs), Settings(api));
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        var body = Incoming(phone, "wamid.IN4", "Текст");

        // "tampered": a correct signature for a different body.
        var header = signature == "tampered" ? Sign(body.Replace("wamid.IN4", "wamid.IN9", StringComparison.Ordinal)) : signature;
        using (var response = await PostAsync(factory, body, header))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.InboundMessages.CountAsync()));
        Assert.Contains(logs.Lines, l => l.StartsWith("WhatsApp webhook refused: " + (signature is null ? "missing" : "wrong"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_ReplayedMessageAndStatuses_StoredOnceAndStatusOnlyMovesForward()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        var incoming = Incoming(phone, "wamid.IN5", "Можно перенести?");
        for (var i = 0; i < 2; i++)
        {
            using var response = await PostSignedAsync(factory, incoming);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.InboundMessages.CountAsync()));

        var id = await InsertAsync(factory, request.Id, "mother.reminder", "Текст", new() { ["name"] = "Анна", ["consultant"] = "Мария" });
        await factory.DispatchAsync();
        foreach (var status in new[] { "delivered", "read", "delivered", "read" })
        {
            using var response = await PostSignedAsync(factory, Status("wamid.TEST1", status));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("read", (await StateAsync(factory, id)).ProviderStatus);
        using var admin = await factory.CreateAdminClientAsync();
        Assert.Contains("По данным мессенджера: прочитано", WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/messages?RequestId={request.Id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_FailedAfterAcceptance_NextChannelTakesOverOnce_WithMetasReason()
    {
        await using var api = await StartApiAsync();
        using var factory = WhatsAppFactory(api);
        var request = await factory.SubmitRequestAsync();
        var id = await InsertAsync(factory, request.Id, "mother.reminder", "Текст", new() { ["name"] = "Анна", ["consultant"] = "Мария" });
        await factory.DispatchAsync();
        Assert.Equal((OutboxStatus.Sent, "whatsapp"), ((await StateAsync(factory, id)).Status, (await StateAsync(factory, id)).Channel));

        // Meta accepted it, then reports it undelivered (and repeats the report): it moves on once.
        for (var i = 0; i < 2; i++)
        {
            using var response = await PostSignedAsync(factory, Failed("wamid.TEST1", 131049, "This message was not delivered to maintain healthy ecosystem engagement."));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var moved = await StateAsync(factory, id);
        Assert.Equal((OutboxStatus.Pending, 0, null), (moved.Status, moved.Attempts, moved.ProviderStatus));
        Assert.Equal("whatsapp: failed after it was accepted (131049 This message was not delivered to maintain healthy ecosystem engagement.)", moved.FallbackNote);

        // Her next channel is the administrator's hand: the manual list shows the message and why WhatsApp did not carry it.
        await factory.DispatchAsync();
        Assert.Equal(OutboxStatus.Manual, (await StateAsync(factory, id)).Status);
        Assert.Single(api.Sent);
        using var admin = await factory.CreateAdminClientAsync();
        var manual = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/messages/manual"));
        Assert.Contains("131049", manual, StringComparison.Ordinal);

        // A late "failed" for a message that has already moved on changes nothing more.
        using (var late = await PostSignedAsync(factory, Failed("wamid.TEST1", 131049, "again")))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        }

        Assert.Equal(OutboxStatus.Manual, (await StateAsync(factory, id)).Status);
    }

    [Fact]
    public void Start_WhatsAppEnabledWithoutAppSecret_RefusesToStart()
    {
        using var factory = PeerConsultFactory.With(("WhatsApp:Enabled", "true"), ("WhatsApp:PhoneNumberId", "123"), ("WhatsApp:AccessToken", "x"), ("WhatsApp:VerifyToken", VerifyToken));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("WhatsApp:AppSecret", error.Message, StringComparison.Ordinal);
    }

    private static async Task<FakeWhatsAppApi> StartApiAsync()
    {
        var api = await FakeWhatsAppApi.StartAsync();
        api.Approved["pc_reminder"] = 2;
        api.Approved["pc_sign_in_code"] = 1;
        return api;
    }

    private static PeerConsultFactory WhatsAppFactory(FakeWhatsAppApi api) => PeerConsultFactory.With(Settings(api));

    private static (string, string?)[] Settings(FakeWhatsAppApi api) =>
    [
        ("WhatsApp:Enabled", "true"),
        ("WhatsApp:ApiBaseUrl", api.BaseUrl),
        ("WhatsApp:ApiVersion", FakeWhatsAppApi.Version),
        ("WhatsApp:PhoneNumberId", FakeWhatsAppApi.PhoneNumberId),
        ("WhatsApp:AccessToken", FakeWhatsAppApi.AccessToken),
        ("WhatsApp:AppSecret", AppSecret),
        ("WhatsApp:VerifyToken", VerifyToken),
        ("WhatsApp:Templates:mother.reminder:Name", "pc_reminder"),
        ("WhatsApp:Templates:mother.reminder:Parameters:0", "name"),
        ("WhatsApp:Templates:mother.reminder:Parameters:1", "consultant"),
        ("WhatsApp:Templates:mother.sign-in-code:Name", "pc_sign_in_code"),
        ("WhatsApp:Templates:mother.sign-in-code:Parameters:0", "code"),
        ("WhatsApp:Templates:mother.sign-in-code:CodeButtonParameter", "code"),
    ];

    private static string Incoming(string phone, string wamid, string text) => JsonSerializer.Serialize(new
    {
        @object = "whatsapp_business_account",
        entry = new[]
        {
            new
            {
                id = "102290129340398",
                changes = new[]
                {
                    new
                    {
                        field = "messages",
                        value = new
                        {
                            messaging_product = "whatsapp",
                            metadata = new { display_phone_number = "15550783881", phone_number_id = FakeWhatsAppApi.PhoneNumberId },
                            contacts = new[] { new { profile = new { name = "Анна" }, wa_id = phone.TrimStart('+') } },
                            messages = new[] { new { from = phone.TrimStart('+'), id = wamid, timestamp = "1772442000", type = "text", text = new { body = text } } },
                        },
                    },
                },
            },
        },
    });

    private static string Status(string wamid, string status) =>
        Statuses(new { id = wamid, status, timestamp = "1772442000", recipient_id = "79160000000" });

    private static string Failed(string wamid, int code, string title) =>
        Statuses(new { id = wamid, status = "failed", timestamp = "1772442000", recipient_id = "79160000000", errors = new[] { new { code, title } } });

    /// <summary>A status webhook as Meta sends it, around one status object.</summary>
    private static string Statuses(object status) => JsonSerializer.Serialize(new
    {
        @object = "whatsapp_business_account",
        entry = new[]
        {
            new
            {
                id = "102290129340398",
                changes = new[]
                {
                    new
                    {
                        field = "messages",
                        value = new
                        {
                            messaging_product = "whatsapp",
                            statuses = new[] { status },
                        },
                    },
                },
            },
        },
    });

    private static string Sign(string body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(body)));

    private static Task<HttpResponseMessage> PostSignedAsync(PeerConsultFactory factory, string body) => PostAsync(factory, body, Sign(body));

    private static async Task<HttpResponseMessage> PostAsync(PeerConsultFactory factory, string body, string? signature)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, WhatsAppWebhook.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(WhatsAppWebhook.SignatureHeader, signature);
        }

        return await client.SendAsync(request);
    }

    private static Task<Guid> InsertAsync(PeerConsultFactory factory, Guid requestId, string kind, string body, Dictionary<string, string> args) => factory.WithDbAsync(async db =>
    {
        var motherId = await db.Requests.Where(r => r.Id == requestId).Select(r => r.MotherId).SingleAsync();
        var message = OutboxMessage.Create(kind, $"test:{Guid.CreateVersion7()}", RecipientKind.Mother, motherId, requestId, ChannelRouter.Auto, body, factory.Clock.GetUtcNow().UtcDateTime, args);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });

    private static async Task<State> StateAsync(PeerConsultFactory factory, Guid id) =>
        await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id)
            .Select(m => new State(m.Status, m.Channel, m.Attempts, m.LastError, m.FallbackNote, m.ProviderMessageId, m.ProviderStatus)).SingleAsync());

    private sealed record State(OutboxStatus Status, string Channel, int Attempts, string? LastError, string? FallbackNote, string? ProviderMessageId, string? ProviderStatus);
}
