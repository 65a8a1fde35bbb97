using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>The mother's preferred channel decides; a channel that fails for good hands over to the next; the manual list is the last resort.</summary>
public sealed class ChannelRoutingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_NoMessengerConfigured_MotherMessageWaitsOnManualListUntilMarkedSentOnce(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        var id = await InsertForMotherAsync(factory, request.Id, "Анна, здравствуйте! Ваша встреча — завтра в 12:00 (Москва).");

        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Equal(0, await factory.DispatchAsync());

        using var admin = await factory.CreateAdminClientAsync();
        var message = await MessageAsync(admin, id);
        Assert.Equal(("manual", "manual", 1), (message.Str("status"), message.Str("channel"), message.GetProperty("attempts").GetInt32()));

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/messages/manual"));
        var digits = phone.TrimStart('+');
        Assert.Contains($"https://wa.me/{digits}?text=%D0%90%D0%BD%D0%BD%D0%B0%2C%20", page, StringComparison.Ordinal);
        Assert.Contains("https://t.me/share/url?url=", page, StringComparison.Ordinal);
        Assert.Contains(request.Number, page, StringComparison.Ordinal);
        Assert.Contains("Отправить вручную: 1", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/messages")), StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        using (var marked = await admin.PostAsync($"/api/v1/messages/{id}/mark-sent", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, marked.StatusCode);
        }

        using (var again = await admin.PostAsync($"/api/v1/messages/{id}/mark-sent", null))
        {
            Assert.Equal("not-manual", await again.ExpectProblemAsync(HttpStatusCode.Conflict));
        }

        using (var missing = await admin.PostAsync($"/api/v1/messages/{Guid.NewGuid()}/mark-sent", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        message = await MessageAsync(admin, id);
        Assert.Equal("sent", message.Str("status"));
        Assert.Equal(factory.Clock.GetUtcNow(), message.At("sentAt"));
        Assert.DoesNotContain("wa.me", await admin.GetStringAsync("/admin/messages/manual"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("whatsapp", "whatsapp")]
    [InlineData("telegram", "telegram")]
    [InlineData("max", "manual")]
    public async Task Dispatch_PreferredMessengerConfigured_ItDecides(string messenger, string expected)
    {
        var whatsapp = new TestChannel("whatsapp", DeliveryResult.Ok);
        var telegram = new TestChannel("telegram", DeliveryResult.Ok);
        using var factory = PeerConsultFactory.WithServices(s => s.AddSingleton<IMessageChannel>(whatsapp).AddSingleton<IMessageChannel>(telegram));
        var request = await factory.SubmitRequestAsync(messenger: messenger);
        var id = await InsertForMotherAsync(factory, request.Id, "Текст");

        await factory.DispatchAsync();

        Assert.Equal(expected, await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => m.Channel).SingleAsync()));
        Assert.Equal(expected == "whatsapp" ? 1 : 0, whatsapp.Count(id));
        Assert.Equal(expected == "telegram" ? 1 : 0, telegram.Count(id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_PreferredChannelFailsPermanently_NextChannelSendsItAndTheAdministratorSeesWhy(DbProvider provider)
    {
        var whatsapp = new TestChannel("whatsapp", DeliveryResult.GiveUp("131026 undeliverable"));
        var email = new TestChannel("email", DeliveryResult.Ok);
        using var factory = PeerConsultFactory.WithServices(provider, s => s.AddSingleton<IMessageChannel>(whatsapp).AddSingleton<IMessageChannel>(email));
        var request = await factory.SubmitRequestAsync();
        var id = await InsertForMotherAsync(factory, request.Id, "Текст");

        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Equal(0, await factory.DispatchAsync());

        Assert.Equal((1, 1), (whatsapp.Count(id), email.Count(id)));
        using var admin = await factory.CreateAdminClientAsync();
        var message = await MessageAsync(admin, id);
        Assert.Equal(("sent", "email", 1), (message.Str("status"), message.Str("channel"), message.GetProperty("attempts").GetInt32()));
        Assert.Equal("whatsapp: 131026 undeliverable", message.Str("fallbackNote"));
        Assert.Contains("Не дошло другим путём: whatsapp: 131026 undeliverable", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/messages")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_RetriesExhausted_CountsAsPermanentAndFallsBackToManual()
    {
        var whatsapp = new TestChannel("whatsapp", DeliveryResult.Retry("130429 rate limited"));
        using var factory = PeerConsultFactory.WithServices(s => s.AddSingleton<IMessageChannel>(whatsapp), ("Outbox:MaxAttempts", "2"));
        var request = await factory.SubmitRequestAsync();
        var id = await InsertForMotherAsync(factory, request.Id, "Текст");

        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await factory.DispatchAsync();
        await factory.DispatchAsync();

        Assert.Equal(2, whatsapp.Count(id));
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel, m.FallbackNote }).SingleAsync());
        Assert.Equal((OutboxStatus.Manual, "manual", "whatsapp: 130429 rate limited"), (state.Status, state.Channel, state.FallbackNote));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_LastChannelFailsForGood_DeadLetterAndOneNoticeToAdministrators(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await factory.SubmitRequestAsync();
        var id = await InsertForMotherAsync(factory, request.Id, "Текст", channel: "carrier-pigeon");

        await factory.DispatchAsync();
        await factory.DispatchAsync();

        using var admin = await factory.CreateAdminClientAsync();
        var messages = await admin.MessagesAsync(request.Id);
        var dead = messages.Single(m => m.GetProperty("id").GetGuid() == id);
        Assert.Equal("dead", dead.Str("status"));
        var notice = Assert.Single(messages, m => m.Str("kind") == OutboxDispatcher.DeadLetterKind);
        Assert.Equal(("administrators", "sent", "log"), (notice.Str("recipient"), notice.Str("status"), notice.Str("channel")));
        Assert.Contains("/admin/messages?DeadOnly=true", notice.Str("body"), StringComparison.Ordinal);
        Assert.DoesNotContain("Текст", notice.Str("body"), StringComparison.Ordinal);
    }

    private static Task<Guid> InsertForMotherAsync(PeerConsultFactory factory, Guid requestId, string body, string channel = ChannelRouter.Auto) => factory.WithDbAsync(async db =>
    {
        var motherId = await db.Requests.Where(r => r.Id == requestId).Select(r => r.MotherId).SingleAsync();
        var message = OutboxMessage.Create("mother.test", $"test:{Guid.CreateVersion7()}", RecipientKind.Mother, motherId, requestId, channel, body, factory.Clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });

    private static async Task<JsonElement> MessageAsync(HttpClient admin, Guid id)
    {
        using var response = await admin.GetAsync("/api/v1/messages");
        return (await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == id);
    }

    /// <summary>A stand-in messenger that always answers the same way and counts its deliveries.</summary>
    private sealed class TestChannel(string name, DeliveryResult answer) : IMessageChannel
    {
        private readonly ConcurrentDictionary<Guid, int> _deliveries = new();

        public string Name => name;

        public int Count(Guid id) => _deliveries.GetValueOrDefault(id);

        public Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(message);
            _deliveries.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
            return Task.FromResult(answer);
        }
    }
}
