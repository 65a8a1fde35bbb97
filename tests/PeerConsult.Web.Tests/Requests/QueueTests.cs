using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Requests;

/// <summary>
/// R1.2: the administrator's queue. Each test owns its factory: the clock moves and the queue's contents are
/// asserted whole. Sign-in happens after the clock moved, because bearer tokens age on the same clock.
/// </summary>
public sealed class QueueTests
{
    [Fact]
    public async Task List_OpenRequests_MostUrgentFirstContactedLast()
    {
        using var factory = new PeerConsultFactory();
        var first = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var second = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var third = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();
        using var contacted = await admin.PostAsJsonAsync($"/api/v1/requests/{first.Id}/contacts", new { channel = "whatsapp" });
        await contacted.ExpectAsync(HttpStatusCode.OK);

        var queue = await QueueAsync(admin, "");

        // Waiting ones by how soon their 24 hours run out; the one already contacted after them.
        Assert.Equal([second.Number, third.Number, first.Number], Numbers(queue));
        Assert.Equal(3, queue.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_AsTimePasses_ClockRunningThenWarningAt20hThenOverdueAt24h()
    {
        using var factory = new PeerConsultFactory();
        var request = await factory.SubmitRequestAsync();

        factory.Clock.Advance(new TimeSpan(19, 59, 0));
        var at1959 = await QueueNowAsync(factory);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var at20 = await QueueNowAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(4));
        var at24 = await QueueNowAsync(factory);

        Assert.Equal(("running", 0, 0), Clock(at1959, request.Number));
        Assert.Equal(("warning", 1, 0), Clock(at20, request.Number));
        Assert.Equal(("overdue", 0, 1), Clock(at24, request.Number));
        Assert.Equal(4 * 3600, Item(at20, request.Number).GetProperty("adminSecondsLeft").GetInt64());
    }

    [Fact]
    public async Task List_OverdueOnly_ShowsRequestsUncontactedPast24hOnly()
    {
        using var factory = new PeerConsultFactory();
        var overdue = await factory.SubmitRequestAsync();
        var contactedLate = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var younger = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(23));
        using var admin = await factory.CreateAdminClientAsync();
        using var contact = await admin.PostAsJsonAsync($"/api/v1/requests/{contactedLate.Id}/contacts", new { channel = "phone" });
        await contact.ExpectAsync(HttpStatusCode.OK);

        var all = await QueueAsync(admin, "");
        var onlyOverdue = await QueueAsync(admin, "?overdue=true");

        Assert.Equal([overdue.Number], Numbers(onlyOverdue));
        Assert.Equal(1, onlyOverdue.GetProperty("total").GetInt32());
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(1, all.GetProperty("overdueCount").GetInt32());
        Assert.Equal(1, all.GetProperty("warningCount").GetInt32());
        Assert.Equal("warning", Item(all, younger.Number).GetProperty("adminClock").GetString());
        Assert.Equal("met", Item(all, contactedLate.Number).GetProperty("adminClock").GetString());
    }

    [Fact]
    public async Task List_StatusContacted_OnlyContactedRequests()
    {
        using var factory = new PeerConsultFactory();
        var contacted = await factory.SubmitRequestAsync();
        var waiting = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();
        using var contact = await admin.PostAsJsonAsync($"/api/v1/requests/{contacted.Id}/contacts", new { channel = "telegram" });
        await contact.ExpectAsync(HttpStatusCode.OK);

        var onlyContacted = await QueueAsync(admin, "?status=contacted");
        var onlyNew = await QueueAsync(admin, "?status=new");

        Assert.Equal([contacted.Number], Numbers(onlyContacted));
        Assert.Equal("contacted", Item(onlyContacted, contacted.Number).GetProperty("status").GetString());
        Assert.Equal([waiting.Number], Numbers(onlyNew));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_RequestsInEveryStatus_TotalCountsEachOpenOneAndNoClosedOne(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var admin = await factory.CreateAdminClientAsync();
        var closing = await factory.AwaitingMotherContactAsync(admin);
        factory.Clock.Advance(TimeSpan.FromHours(49));
        await factory.SweepAsync();
        admin.Dispose();
        admin = await factory.CreateAdminClientAsync();
        var fresh = await factory.SubmitRequestAsync();
        var contacted = await factory.SubmitRequestAsync();
        await DeadlineDriver.PostOkAsync(admin, contacted, "contacts", new { channel = "whatsapp" });
        var consultant = await factory.CreateConsultantAsync(admin);
        var assigned = await factory.SubmitRequestAsync();
        await DeadlineDriver.PostOkAsync(admin, assigned, "contacts", new { channel = "whatsapp" });
        await DeadlineDriver.PostOkAsync(admin, assigned, "assignment", new { consultantId = consultant.Id });
        var awaiting = await factory.AwaitingMotherContactAsync(admin, consultant);
        var inTouch = await factory.AwaitingMotherContactAsync(admin, consultant);
        await DeadlineDriver.PostOkAsync(admin, inTouch.Request, "mother-contacted", new { at = factory.Clock.GetUtcNow().UtcDateTime });

        var queue = await QueueAsync(admin, "");
        using var page = await admin.GetAsync("/admin");
        var html = await page.Content.ReadAsStringAsync();
        admin.Dispose();

        using var check = await factory.CreateAdminClientAsync();
        Assert.Equal("closed", (await check.GetRequestAsync(closing.Request.Id)).GetProperty("status").GetString());
        string?[] open = [fresh.Number, contacted.Number, assigned.Number, awaiting.Request.Number, inTouch.Request.Number];
        Assert.Equal(open.Order(StringComparer.Ordinal), Numbers(queue).Order(StringComparer.Ordinal));
        Assert.Equal(5, queue.GetProperty("total").GetInt32());
        Assert.Equal(fresh.Number, Numbers(queue)[0]);
        Assert.Contains("Найдено: 5", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownStatus_400InvalidStatus()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.GetAsync("/api/v1/requests?status=lost");

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid-status", json.GetProperty("codes").GetProperty("status").GetString());
    }

    private static async Task<JsonElement> QueueAsync(HttpClient admin, string query) =>
        await (await admin.GetAsync("/api/v1/requests" + query)).ExpectAsync(HttpStatusCode.OK);

    private static async Task<JsonElement> QueueNowAsync(PeerConsultFactory factory)
    {
        using var admin = await factory.CreateAdminClientAsync();
        return await QueueAsync(admin, "");
    }

    private static List<string?> Numbers(JsonElement queue) =>
        [.. queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString())];

    private static JsonElement Item(JsonElement queue, string number) =>
        queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetString() == number);

    private static (string?, int, int) Clock(JsonElement queue, string number) =>
        (Item(queue, number).GetProperty("adminClock").GetString(), queue.GetProperty("warningCount").GetInt32(), queue.GetProperty("overdueCount").GetInt32());
}
