using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerConsult.Web.Features.Requests;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Caching;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Requests;

/// <summary>
/// ADR 18: the queue's first page and counters come from memory under the queue stamp. Every kind of write that can
/// change what the queue shows must be visible on the very next visit; the clocks and counters follow the time.
/// </summary>
public sealed class QueueCacheTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cached_EveryKindOfWrite_VisibleOnTheNextVisit(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        await ChangeListening.TrustedAsync(factory);
        var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin);
        var first = await factory.SubmitRequestAsync();

        // Visited twice: the second visit is served from the snapshot.
        Assert.Equal([first.Number], Numbers(await QueueAsync(admin)));
        Assert.True(IsCached(factory));
        Assert.Equal([first.Number], Numbers(await QueueAsync(admin)));

        // A new request (intake).
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await factory.SubmitRequestAsync();
        var queue = await QueueAsync(admin);
        Assert.Equal([first.Number, second.Number], Numbers(queue));
        Assert.Equal(2, queue.GetProperty("total").GetInt32());

        // Her contact recorded: the first request leaves the waiting ones.
        await DeadlineDriver.PostOkAsync(admin, first, "contacts", new { channel = "whatsapp" });
        queue = await QueueAsync(admin);
        Assert.Equal([second.Number, first.Number], Numbers(queue));
        Assert.Equal("met", Item(queue, first.Number).GetProperty("adminClock").GetString());

        // A consultant assigned, then renamed (her row, through SaveChanges).
        await DeadlineDriver.PostOkAsync(admin, first, "assignment", new { consultantId = consultant.Id });
        Assert.Equal(consultant.Id, Item(await QueueAsync(admin), first.Number).GetProperty("consultantId").GetGuid());
        await factory.WithDbAsync(async db =>
        {
            var row = await db.Consultants.SingleAsync(c => c.Id == consultant.Id);
            db.Entry(row).Property(c => c.DisplayName).CurrentValue = "Переименована";
            return await db.SaveChangesAsync();
        });
        Assert.Equal("Переименована", Item(await QueueAsync(admin), first.Number).GetProperty("consultantName").GetString());

        // Writes that bypass the change tracker: ExecuteUpdate and raw SQL.
        await factory.WithDbAsync(db => db.Requests.Where(r => r.Id == second.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, "Обновлено")));
        Assert.Equal("Обновлено", Item(await QueueAsync(admin), second.Number).GetProperty("name").GetString());
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Requests\" SET \"Name\" = 'Сырой SQL' WHERE \"Id\" = {second.Id}"));
        Assert.Equal("Сырой SQL", Item(await QueueAsync(admin), second.Number).GetProperty("name").GetString());

        // No write, only time: the clocks and counters follow it (warning at 20 h, overdue at 24 h).
        factory.Clock.Advance(TimeSpan.FromHours(20));
        admin.Dispose();
        admin = await factory.CreateAdminClientAsync();
        queue = await QueueAsync(admin);
        Assert.True(IsCached(factory));
        Assert.Equal(("warning", 1, 0), (Item(queue, second.Number).GetProperty("adminClock").GetString(), queue.GetProperty("warningCount").GetInt32(), queue.GetProperty("overdueCount").GetInt32()));
        factory.Clock.Advance(TimeSpan.FromHours(4));
        admin.Dispose();
        admin = await factory.CreateAdminClientAsync();
        queue = await QueueAsync(admin);
        Assert.Equal(("overdue", 0, 1), (Item(queue, second.Number).GetProperty("adminClock").GetString(), queue.GetProperty("warningCount").GetInt32(), queue.GetProperty("overdueCount").GetInt32()));
        Assert.Equal([second.Number], Numbers(await QueueAsync(admin, "?overdue=true")));

        // The sweeper closes a request whose mother never got in touch (R2.2): it leaves the queue.
        var awaiting = await factory.AwaitingMotherContactAsync(admin, consultant);
        Assert.Contains(awaiting.Request.Number, Numbers(await QueueAsync(admin)));
        factory.Clock.Advance(TimeSpan.FromHours(49));
        admin.Dispose();
        admin = await factory.CreateAdminClientAsync();
        Assert.Contains(awaiting.Request.Number, Numbers(await QueueAsync(admin)));
        await factory.SweepAsync();
        Assert.DoesNotContain(awaiting.Request.Number, Numbers(await QueueAsync(admin)));
        admin.Dispose();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cached_StaffZones_PerUserAndChangedOnTheNextVisit(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        await ChangeListening.TrustedAsync(factory);
        await factory.SubmitRequestAsync();
        var otherEmail = $"admin{PeerConsultFactory.Next()}@test.local";
        await WithUsersAsync(factory, async users =>
        {
            var other = new AppUser { UserName = otherEmail, Email = otherEmail, EmailConfirmed = true, DisplayName = "Second", TimeZone = "Asia/Vladivostok" };
            Assert.True((await users.CreateAsync(other, "second-admin-password-1")).Succeeded);
            Assert.True((await users.AddToRoleAsync(other, Roles.Administrator)).Succeeded);
        });
        using var admin = await factory.CreateAdminClientAsync();
        using var otherAdmin = await factory.LoginAsync(otherEmail, "second-admin-password-1");

        // Each sees her own zone, visit after visit (the second ones from memory).
        for (var i = 0; i < 2; i++)
        {
            var mine = await admin.GetStringAsync("/admin");
            var theirs = await otherAdmin.GetStringAsync("/admin");
            Assert.Contains("Europe/Moscow", mine, StringComparison.Ordinal);
            Assert.DoesNotContain("Asia/Vladivostok", mine, StringComparison.Ordinal);
            Assert.Contains("Asia/Vladivostok", theirs, StringComparison.Ordinal);
        }

        // Her zone changed: shown on her next visit.
        await WithUsersAsync(factory, async users =>
        {
            var other = await users.FindByEmailAsync(otherEmail) ?? throw new InvalidOperationException("No second admin.");
            other.TimeZone = "Asia/Yekaterinburg";
            Assert.True((await users.UpdateAsync(other)).Succeeded);
        });
        var changed = await otherAdmin.GetStringAsync("/admin");
        Assert.Contains("Asia/Yekaterinburg", changed, StringComparison.Ordinal);
        Assert.DoesNotContain("Asia/Vladivostok", changed, StringComparison.Ordinal);
        Assert.Contains("Europe/Moscow", await admin.GetStringAsync("/admin"), StringComparison.Ordinal);
    }

    [Fact]
    public void QueueTables_RecognisedInSqlAndCarriedInNotices()
    {
        Assert.Null(PublicChangeInterceptor.ScanSql("SELECT COUNT(*) FROM \"Requests\" AS r WHERE r.\"ContactedAt\" IS NULL"));
        Assert.Null(PublicChangeInterceptor.ScanSql("SELECT * FROM \"Requests\" WHERE \"Id\" = @p0 FOR UPDATE"));
        Assert.Null(PublicChangeInterceptor.ScanSql("UPDATE \"RequestsArchive\" SET \"Name\" = ''"));
        Assert.True(PublicChangeInterceptor.ScanSql("UPDATE \"Requests\" AS \"r\"\nSET \"Status\" = 'Closed'") is { Queue: true, Catalog: false, Everything: false });
        Assert.True(PublicChangeInterceptor.ScanSql("DELETE FROM Mothers WHERE Id = @p0") is { Queue: true, Everything: false });
        Assert.True(PublicChangeInterceptor.ScanSql("UPDATE \"AspNetUsers\" SET \"TimeZone\" = 'UTC'") is { Queue: true, Everything: false });
        Assert.True(PublicChangeInterceptor.ScanSql("UPDATE \"Consultants\" SET \"DisplayName\" = 'x'") is { Queue: true, Catalog: true });

        var changes = new PublicChanges();
        changes.MarkQueue();
        Assert.True(PublicChanges.FromPayload(changes.ToPayload()) is { Queue: true, Catalog: false, Everything: false });

        // The queue stamp moves with the queue and with everything, not with the catalog alone.
        var versions = new PublicVersions();
        var before = versions.Queue;
        var catalog = new PublicChanges();
        catalog.MarkCatalog();
        versions.Apply(catalog);
        Assert.Equal(before, versions.Queue);
        versions.Apply(changes);
        Assert.True(versions.Queue.IsNewerThan(before));
        var afterQueue = versions.Queue;
        versions.BumpEverything();
        Assert.True(versions.Queue.IsNewerThan(afterQueue));
    }

    [Fact]
    public void Snapshot_Counts_MatchTheCountingStatementAtEveryMoment()
    {
        var start = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        // Due and warning instants as the policy of the day made them (warning 4 h before due, or another policy's 2 h),
        // given out of order on purpose.
        var waiting = Enumerable.Range(0, 40)
            .Select(i => (Due: start.AddMinutes(37 * ((i * 7) % 40)), Warning: start.AddMinutes((37 * ((i * 7) % 40)) - (i % 3 == 0 ? 120 : 240))))
            .ToList();
        var snapshot = new QueueSnapshot(new QueueStamp(1, 1), waiting, [], 0);
        for (var now = start.AddHours(-5); now <= start.AddHours(30); now = now.AddMinutes(13))
        {
            var expected = new WaitingCounts(waiting.Count, waiting.Count(w => w.Due <= now), waiting.Count(w => w.Warning <= now && w.Due > now));
            Assert.Equal(expected, snapshot.Counts(now));
        }

        // Due exactly now is overdue (AdminDueAt <= now), as in the statement.
        Assert.Equal(1, snapshot.Counts(start).Overdue);
    }

    /// <summary>Two app instances on one PostgreSQL: a write on one changes the other's cached queue.</summary>
    [PostgresFact]
    public async Task TwoInstances_WriteOnOne_ChangesTheOthersQueue()
    {
        using var first = PeerConsultFactory.On(DbProvider.Postgres);
        using var second = first.SecondInstance();
        await ChangeListening.TrustedAsync(first);
        await ChangeListening.TrustedAsync(second);
        using var admin = await first.CreateAdminClientAsync();
        using var otherAdmin = await second.CreateAdminClientAsync();
        var request = await first.SubmitRequestAsync();
        Assert.Contains(request.Number, Numbers(await QueueAsync(otherAdmin)));

        // The submit's NOTIFY may reach the second instance after that visit (its snapshot is then stale, rightly):
        // once it has arrived, a visit is kept.
        await ChangeListening.EventuallyAsync(
            async () =>
            {
                await QueueAsync(otherAdmin);
                return IsCached(second);
            },
            "the second instance keeps its queue in memory");

        // Written on the first instance (SaveChanges, ExecuteUpdate): the second hears of it by NOTIFY.
        var another = await first.SubmitRequestAsync();
        await ChangeListening.EventuallyAsync(async () => Numbers(await QueueAsync(otherAdmin)).Contains(another.Number), "a request submitted on the other instance appears");
        await DeadlineDriver.PostOkAsync(admin, request, "contacts", new { channel = "whatsapp" });
        await ChangeListening.EventuallyAsync(async () => Item(await QueueAsync(otherAdmin), request.Number).GetProperty("adminClock").GetString() == "met", "a contact recorded on the other instance shows");
        await first.WithDbAsync(db => db.Requests.Where(r => r.Id == another.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, "С другого экземпляра")));
        await ChangeListening.EventuallyAsync(async () => Item(await QueueAsync(otherAdmin), another.Number).GetProperty("name").GetString() == "С другого экземпляра", "an ExecuteUpdate on the other instance shows");

        // Without a listener nothing is served from memory: even an unannounced write is seen at once.
        second.Services.GetRequiredService<PublicVersions>().SetTrusted(false);
        await using (var connection = new NpgsqlConnection(first.Services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")))
        {
            await connection.OpenAsync();
            await using var unannounced = new NpgsqlCommand("UPDATE \"Requests\" SET \"Name\" = 'Без объявления' WHERE \"Id\" = @id", connection);
            unannounced.Parameters.AddWithValue("id", another.Id);
            await unannounced.ExecuteNonQueryAsync();
        }

        Assert.Equal("Без объявления", Item(await QueueAsync(otherAdmin), another.Number).GetProperty("name").GetString());
    }

    private static async Task WithUsersAsync(PeerConsultFactory factory, Func<UserManager<AppUser>, Task> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    private static bool IsCached(PeerConsultFactory factory)
    {
        var cache = factory.Services.GetRequiredService<QueueCache>();
        return cache.Snapshot(cache.Stamp) is not null;
    }

    private static async Task<JsonElement> QueueAsync(HttpClient admin, string query = "")
    {
        using var response = await admin.GetAsync("/api/v1/requests" + query);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static List<string?> Numbers(JsonElement queue) =>
        [.. queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString())];

    private static JsonElement Item(JsonElement queue, string number) =>
        queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetString() == number);
}
