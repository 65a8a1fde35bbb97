using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>The outbox: due messages go out once, failures retry with back-off, and hopeless ones are dead-lettered.</summary>
public sealed class OutboxDispatcherTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_PendingMessages_SentAtNow(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        AwaitingRequest request;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            request = await factory.AwaitingMotherContactAsync(admin);
        }

        factory.Clock.Advance(TimeSpan.FromHours(24));
        await factory.SweepAsync();
        using (var admin = await factory.CreateAdminClientAsync())
        {
            Assert.All(await admin.MessagesAsync(request.Id), m => Assert.Equal("pending", m.Str("status")));
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = factory.Clock.GetUtcNow();

        // The consultant's two notices (new mother, not in touch) go to the log; the mother's waits for manual sending.
        Assert.Equal(2, await factory.DispatchAsync());

        using var later = await factory.CreateAdminClientAsync();
        var messages = await later.MessagesAsync(request.Id);
        Assert.Equal(["consultant.new-mother", "consultant.not-in-touch", "mother.reminder"], messages.Kinds());

        // No messenger is configured: the consultant reads hers in the app (log), the mother's waits for an administrator.
        var consultant = messages.Single(m => m.Str("kind") == "consultant.not-in-touch");
        Assert.Equal(("sent", "log", 1), (consultant.Str("status"), consultant.Str("channel"), consultant.GetProperty("attempts").GetInt32()));
        Assert.Equal(now, consultant.At("sentAt"));
        var mother = messages.Single(m => m.Str("kind") == "mother.reminder");
        Assert.Equal(("manual", "manual", 1), (mother.Str("status"), mother.Str("channel"), mother.GetProperty("attempts").GetInt32()));
        Assert.Null(mother.At("sentAt"));
        Assert.Equal(0, await factory.DispatchAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_FailingChannel_RetriedWithBackoffThenDeadAfterMaxAttempts(DbProvider provider)
    {
        var flaky = new TestChannel("flaky", fail: true);
        using var factory = PeerConsultFactory.WithServices(provider, s => s.AddSingleton<IMessageChannel>(flaky), ("Outbox:MaxAttempts", "3"));
        var id = await InsertAsync(factory, "flaky");

        await factory.DispatchAsync();
        Assert.Equal((OutboxStatus.Pending, 1, Now(factory).AddSeconds(30)), await StateAsync(factory, id));

        factory.Clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        await factory.DispatchAsync();
        Assert.Equal(1, flaky.Count(id));

        factory.Clock.Advance(TimeSpan.FromTicks(1));
        await factory.DispatchAsync();
        Assert.Equal((OutboxStatus.Pending, 2, Now(factory).AddSeconds(60)), await StateAsync(factory, id));

        factory.Clock.Advance(TimeSpan.FromSeconds(60));
        await factory.DispatchAsync();
        Assert.Equal(OutboxStatus.Dead, (await StateAsync(factory, id)).Status);
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await factory.DispatchAsync();
        Assert.Equal(3, flaky.Count(id));

        using var admin = await factory.CreateAdminClientAsync();
        var message = await MessageAsync(admin, id);
        Assert.Equal("dead", message.Str("status"));
        Assert.Equal(3, message.GetProperty("attempts").GetInt32());
        Assert.Equal("flaky: down", message.Str("lastError"));
        Assert.Null(message.At("sentAt"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_ChannelThrows_OthersStillSentAndItIsRetriedThenDead(DbProvider provider)
    {
        var throwing = new TestChannel("throwing", fail: true, throws: true);
        using var factory = PeerConsultFactory.WithServices(provider, s => s.AddSingleton<IMessageChannel>(throwing), ("Outbox:MaxAttempts", "2"));
        var broken = await InsertAsync(factory, "throwing");
        var fine = await InsertAsync(factory, LogChannel.ChannelName);

        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Equal((OutboxStatus.Pending, 1, Now(factory).AddSeconds(30)), await StateAsync(factory, broken));
        Assert.Equal(OutboxStatus.Sent, (await StateAsync(factory, fine)).Status);

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await factory.DispatchAsync();

        using var admin = await factory.CreateAdminClientAsync();
        var message = await MessageAsync(admin, broken);
        Assert.Equal("dead", message.Str("status"));
        Assert.Contains("throwing: broken", message.Str("lastError"), StringComparison.Ordinal);
        Assert.Equal(2, throwing.Count(broken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_UnknownChannel_DeadAtOnce(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var id = await InsertAsync(factory, "carrier-pigeon");

        Assert.Equal(0, await factory.DispatchAsync());

        using var admin = await factory.CreateAdminClientAsync();
        var message = await MessageAsync(admin, id);
        Assert.Equal("dead", message.Str("status"));
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.Contains("carrier-pigeon", message.Str("lastError"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatch_TwoPassesAtOnce_EachMessageDeliveredExactlyOnce(DbProvider provider)
    {
        var counting = new TestChannel("counting", fail: false);
        using var factory = PeerConsultFactory.WithServices(provider, s => s.AddSingleton<IMessageChannel>(counting));
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await InsertAsync(factory, "counting"));
        }

        var sent = await Task.WhenAll(Task.Run(() => factory.DispatchAsync()), Task.Run(() => factory.DispatchAsync()));

        Assert.Equal(30, sent.Sum());
        Assert.All(ids, id => Assert.Equal(1, counting.Count(id)));
        Assert.Equal(0, await factory.DispatchAsync());
        var statuses = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => ids.Contains(m.Id)).Select(m => m.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(OutboxStatus.Sent, s));
    }

    private static DateTime Now(PeerConsultFactory factory) => factory.Clock.GetUtcNow().UtcDateTime;

    private static Task<Guid> InsertAsync(PeerConsultFactory factory, string channel) => factory.WithDbAsync(async db =>
    {
        var message = OutboxMessage.Create("admin.warning", $"test:{Guid.CreateVersion7()}", RecipientKind.Administrators, null, null, channel, "Тест", Now(factory));
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });

    private static async Task<(OutboxStatus Status, int Attempts, DateTime NextAttemptAt)> StateAsync(PeerConsultFactory factory, Guid id)
    {
        // Projected to an anonymous type: PostgreSQL cannot return a row as a .NET tuple.
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Attempts, m.NextAttemptAt }).SingleAsync());
        return (state.Status, state.Attempts, state.NextAttemptAt);
    }

    private static async Task<JsonElement> MessageAsync(HttpClient admin, Guid id)
    {
        using var response = await admin.GetAsync("/api/v1/messages");
        return (await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == id);
    }

    /// <summary>A messenger that stands in for the outside world: counts each delivery, and fails (or throws) every time if asked to.</summary>
    private sealed class TestChannel(string name, bool fail, bool throws = false) : IMessageChannel
    {
        private readonly ConcurrentDictionary<Guid, int> _deliveries = new();

        public string Name => name;

        public int Count(Guid id) => _deliveries.GetValueOrDefault(id);

        public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(message);
            _deliveries.AddOrUpdate(message.Id, 1, (_, n) => n + 1);

            // A real messenger takes a while; long enough for the other dispatcher to try the same message.
            await Task.Delay(5, ct);
            if (throws)
            {
                throw new InvalidOperationException($"{name}: broken");
            }

            return fail ? DeliveryResult.Retry($"{name}: down") : DeliveryResult.Ok;
        }
    }
}
