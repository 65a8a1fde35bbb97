using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// Two real app processes on one PostgreSQL database, with the rule clocks in seconds and both background loops on:
/// requests, assignments, sign-ins and bookings go through both; one is killed (SIGKILL) in the middle; the survivor
/// catches up. Afterwards every deadline was applied once, every message is sent once, every booking answered 201 is
/// there, and no consultant or mother is double-booked (ADR 0011).
/// </summary>
public sealed partial class TwoInstancesTests
{
    private const string Password = "two-instances-admin-password";

    /// <summary>How long a claimed message stays with the instance that claimed it (the killed one's are retried after this).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private static readonly RequestEventKind[] DeadlineKinds =
        [RequestEventKind.AdminWarningReached, RequestEventKind.AdminDeadlineMissed, RequestEventKind.MotherReminded, RequestEventKind.Closed];

    [PostgresFact]
    public async Task TwoInstancesOneKilledMidway_EveryDeadlineAndMessageOnce_NoBookingLostOrDoubled()
    {
        var connection = TestDatabase.CreatePostgresDatabase();
        try
        {
            await RunAsync(connection);
        }
        finally
        {
            TestDatabase.DropPostgresDatabase(connection);
        }
    }

    private static async Task RunAsync(string connection)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connection,
            ["Bootstrap:AdminEmail"] = "admin@two.test",
            ["Bootstrap:AdminPassword"] = Password,
            // R1.2 at 5 s / 10 s, R2.1 at 8 s, R2.2 at 16 s: the rules' real values, scaled to a test.
            ["Policy:AdminResponseWarning"] = "00:00:05",
            ["Policy:AdminResponseDeadline"] = "00:00:10",
            ["Policy:MotherContactDeadline"] = "00:00:08",
            ["Policy:MotherContactCloseAfter"] = "00:00:16",
            ["Deadlines:Enabled"] = "true",
            ["Deadlines:SweepInterval"] = "00:00:00.5",
            ["Outbox:Enabled"] = "true",
            ["Outbox:DispatchInterval"] = "00:00:00.2",
            ["Outbox:Lease"] = Lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Intake:PerIpPermitLimit"] = "100000",
            ["Intake:MaxPerPhonePerDay"] = "1000",
            ["Portal:PerIpPermitLimit"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:PeerConsult.Web.Features.Messages.LogChannel"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore.Antiforgery"] = "Error",
        };

        // One instance first applies the migrations (as docs/deployment.md says), then the second joins.
        await using var a = AppProcess.Start("A", settings);
        await a.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        await using var b = AppProcess.Start("B", settings);
        await b.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        AppProcess[] both = [a, b];

        try
        {
            // Signed in on A, the token is accepted by B: the Data Protection keys are shared through the database.
            using var admin = await AdminClientAsync(a);
            var consultants = new List<Guid>();
            for (var i = 0; i < 2; i++)
            {
                var id = await ExpectIdAsync(await admin.PostAsJsonAsync(new Uri(a.Address, "/api/v1/consultants"), Bodies.Consultant($"c{i}@two.test", PeerConsultFactory.NewPhone(), maxActiveMothers: 50, displayName: $"Консультант {i}")));
                using var hours = await admin.PutAsJsonAsync(new Uri(b.Address, $"/api/v1/consultants/{id}/availability"), MeetingDriver.EveryDay());
                await hours.ExpectAsync(HttpStatusCode.OK);
                consultants.Add(id);
            }

            // R1.2: requests nobody contacts — warned at 5 s, overdue at 10 s.
            var untouched = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                untouched.Add((await SubmitAsync(both[i % 2], admin, both[(i + 1) % 2])).RequestId);
            }

            // R2.1–R2.2: mothers who never get in touch — reminded at 8 s, closed at 16 s.
            var silent = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                silent.Add((await AwaitingContactAsync(both, i, admin, consultants[i % 2])).RequestId);
            }

            // Mothers who sign in (code asked on one instance, entered on the other) and book distinct slots.
            var start = FirstSlot();
            var booked = new List<Guid>();
            var mothers = new List<Mother>();
            for (var i = 0; i < 6; i++)
            {
                var mother = await AwaitingContactAsync(both, i, admin, consultants[i % 2]);
                mothers.Add(mother);
                using var client = await SignInAsync(both[i % 2], both[(i + 1) % 2], mother, connection);
                booked.Add(await ExpectIdAsync(await BookAsync(client, both[i % 2], mother, start.AddHours(i / 2))));
            }

            // Two mothers want the same hour of one consultant at once, one through each instance: one gets it, and the
            // other takes the next free hour (else her request would rightly close at 16 s, R2.2, while the test runs on).
            var rivals = new List<Mother>();
            for (var i = 0; i < 2; i++)
            {
                rivals.Add(await AwaitingContactAsync(both, i, admin, consultants[0]));
            }

            using (var first = await SignInAsync(a, b, rivals[0], connection))
            using (var second = await SignInAsync(b, a, rivals[1], connection))
            {
                var race = await Task.WhenAll(BookAsync(first, a, rivals[0], start.AddHours(5)), BookAsync(second, b, rivals[1], start.AddHours(5)));
                Assert.Single(race, r => r.StatusCode == HttpStatusCode.Created);
                Assert.Equal("slot-taken", await race.Single(r => r.StatusCode != HttpStatusCode.Created).ExpectProblemAsync(HttpStatusCode.Conflict));
                booked.Add(await ExpectIdAsync(race.Single(r => r.StatusCode == HttpStatusCode.Created)));
                var loser = race[0].StatusCode == HttpStatusCode.Created ? 1 : 0;
                var (loserClient, loserApp) = loser == 0 ? (first, a) : (second, b);
                booked.Add(await ExpectIdAsync(await BookAsync(loserClient, loserApp, rivals[loser], start.AddHours(6))));
                mothers.AddRange(rivals);
            }

            // The middle: warnings and reminders are falling due and both loops are busy. B dies without a word.
            b.KillAbruptly();

            // Life goes on through A: more mothers book; one asks for an hour already taken.
            for (var i = 0; i < 2; i++)
            {
                var mother = await AwaitingContactAsync([a], i, admin, consultants[1]);
                mothers.Add(mother);
                using var client = await SignInAsync(a, a, mother, connection);
                booked.Add(await ExpectIdAsync(await BookAsync(client, a, mother, start.AddHours(5 + i))));
            }

            var late = await AwaitingContactAsync([a], 0, admin, consultants[0]);
            using (var client = await SignInAsync(a, a, late, connection))
            {
                Assert.Equal("slot-taken", await (await BookAsync(client, a, late, start)).ExpectProblemAsync(HttpStatusCode.Conflict));
            }

            // A catches up: every deadline applied, no message left pending or claimed (the killed one's lease ends).
            await WaitUntilAsync(connection, a, untouched, silent, TimeSpan.FromSeconds(90));
            await Task.Delay(TimeSpan.FromSeconds(1));

            await using var db = Db(connection);
            await AssertDeadlinesOnceAsync(db, untouched, silent, mothers);
            await AssertMessagesOnceAsync(db, [.. a.Output, .. b.Output]);
            await AssertBookingsAsync(db, booked);
            Assert.False(a.HasExited, "The surviving instance is still running.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- A ---\n{a.Tail()}\n--- B ---\n{b.Tail()}", ex);
        }
    }

    /// <summary>Per request and rule, at most one history event; exactly one where the rule certainly fell due.</summary>
    private static async Task AssertDeadlinesOnceAsync(AppDbContext db, List<Guid> untouched, List<Guid> silent, List<Mother> booking)
    {
        var events = await db.RequestEvents.AsNoTracking()
            .Where(e => DeadlineKinds.Contains(e.Kind))
            .GroupBy(e => new { e.RequestId, e.Kind })
            .Select(g => new { g.Key.RequestId, g.Key.Kind, Count = g.Count() })
            .ToListAsync();
        Assert.All(events, e => Assert.True(e.Count == 1, $"Request {e.RequestId}: {e.Kind} applied {e.Count} times."));
        var applied = events.Select(e => (e.RequestId, e.Kind)).ToHashSet();
        Assert.All(untouched, id =>
        {
            Assert.Contains((id, RequestEventKind.AdminWarningReached), applied);
            Assert.Contains((id, RequestEventKind.AdminDeadlineMissed), applied);
        });
        Assert.All(silent, id =>
        {
            Assert.Contains((id, RequestEventKind.MotherReminded), applied);
            Assert.Contains((id, RequestEventKind.Closed), applied);
        });
        Assert.All(booking, m => Assert.DoesNotContain((m.RequestId, RequestEventKind.Closed), applied));

        var closed = await db.Requests.AsNoTracking().Where(r => silent.Contains(r.Id)).Select(r => r.Status).ToListAsync();
        Assert.All(closed, s => Assert.Equal(RequestStatus.Closed, s));
    }

    /// <summary>
    /// Every message once: unique keys, all sent (or handed to the manual list), one message per applied deadline, and each delivered (logged) once.
    /// The one exception allowed is the message the killed instance had in hand: delivered perhaps, not yet marked,
    /// so the survivor sends it again after the lease (at-least-once, ADR 0006) — or its log line died with it.
    /// </summary>
    private static async Task AssertMessagesOnceAsync(AppDbContext db, IReadOnlyList<string> output)
    {
        var messages = await db.OutboxMessages.AsNoTracking().Select(m => new { m.Id, m.Kind, m.DedupKey, m.Status, m.Attempts, m.Recipient }).ToListAsync();
        Assert.Equal(messages.Count, messages.Select(m => m.DedupKey).Distinct().Count());
        // No messenger is configured here: staff messages go to the log (Sent), mothers' wait on the administrator's
        // manual list (Manual). Both are final; neither may still be pending or in someone's hands.
        Assert.All(messages, m => Assert.True(
            m.Status == (m.Recipient == RecipientKind.Mother ? OutboxStatus.Manual : OutboxStatus.Sent),
            $"Message {m.Id} ({m.Kind}) is {m.Status} after {m.Attempts} attempts."));

        var events = await db.RequestEvents.AsNoTracking().Where(e => DeadlineKinds.Contains(e.Kind)).GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        int Of(string kind) => messages.Count(m => m.Kind == kind);
        Assert.Equal(events.GetValueOrDefault(RequestEventKind.AdminWarningReached), Of("admin.warning"));
        Assert.Equal(events.GetValueOrDefault(RequestEventKind.AdminDeadlineMissed), Of("admin.overdue"));
        Assert.Equal(events.GetValueOrDefault(RequestEventKind.MotherReminded), Of("mother.reminder"));
        Assert.Equal(events.GetValueOrDefault(RequestEventKind.MotherReminded), Of("consultant.not-in-touch"));
        Assert.Equal(events.GetValueOrDefault(RequestEventKind.Closed), Of("mother.closed-no-contact"));

        var deliveries = output.Select(line => Delivered().Match(line)).Where(m => m.Success)
            .GroupBy(m => Guid.Parse(m.Groups[1].Value)).ToDictionary(g => g.Key, g => g.Count());
        var odd = messages.Where(m => m.Status == OutboxStatus.Sent && deliveries.GetValueOrDefault(m.Id) != 1).ToList();
        Assert.All(messages.Where(m => m.Status == OutboxStatus.Manual), m => Assert.Equal(0, deliveries.GetValueOrDefault(m.Id)));
        Assert.True(odd.Count <= 1, $"Messages not delivered exactly once: {string.Join(", ", odd.Select(m => $"{m.Kind} x{deliveries.GetValueOrDefault(m.Id)}"))}");
        Assert.All(odd.Where(m => deliveries.GetValueOrDefault(m.Id) > 1), m => Assert.True(m.Attempts >= 2, $"{m.Kind} was delivered twice without being reclaimed."));
        Assert.True(messages.Count(m => m.Attempts > 1) <= 1, "Only the killed instance's message in hand may have been claimed twice.");
    }

    /// <summary>Every 201 is a scheduled meeting; no overlap per consultant; one meeting per mother.</summary>
    private static async Task AssertBookingsAsync(AppDbContext db, List<Guid> booked)
    {
        var meetings = await db.Meetings.AsNoTracking().ToListAsync();
        Assert.Equal(booked.Order(), meetings.Select(m => m.Id).Order());
        Assert.All(meetings, m => Assert.Equal(MeetingStatus.Scheduled, m.Status));
        foreach (var consultant in meetings.GroupBy(m => m.ConsultantId))
        {
            var ordered = consultant.OrderBy(m => m.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i].Start >= ordered[i - 1].End, $"Consultant {consultant.Key}: meetings at {ordered[i - 1].Start:O} and {ordered[i].Start:O} overlap.");
            }
        }

        Assert.All(meetings.GroupBy(m => m.MotherId), g => Assert.Single(g));
        // On PostgreSQL the meetings themselves hold her time (the exclusion constraint): no quarter rows (ConsultantTime).
        Assert.Equal(0, await db.BusyQuarters.CountAsync());
    }

    /// <summary>Until the clocks of every request have run out and been applied, and the outbox is empty.</summary>
    private static async Task WaitUntilAsync(string connection, AppProcess survivor, List<Guid> untouched, List<Guid> silent, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var db = Db(connection);
            var overdue = await db.Requests.CountAsync(r => untouched.Contains(r.Id) && r.AdminOverdueAt != null);
            var closed = await db.Requests.CountAsync(r => silent.Contains(r.Id) && r.Status == RequestStatus.Closed);
            var open = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending);
            if (overdue == untouched.Count && closed == silent.Count && open == 0)
            {
                return;
            }

            Assert.False(survivor.HasExited, "The surviving instance died.");
            Assert.True(waited.Elapsed < timeout, $"Not caught up after {timeout}: {overdue}/{untouched.Count} overdue, {closed}/{silent.Count} closed, {open} messages open.");
            await Task.Delay(500);
        }
    }

    private static async Task<HttpClient> AdminClientAsync(AppProcess app)
    {
        var client = new HttpClient();
        using var response = await client.PostAsJsonAsync(new Uri(app.Address, "/api/v1/auth/login"), new { email = "admin@two.test", password = Password });
        var token = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Submitted on one instance (anonymously, as a mother would), read back by the administrator on another.</summary>
    private static async Task<Mother> SubmitAsync(AppProcess on, HttpClient admin, AppProcess readOn)
    {
        var phone = PeerConsultFactory.NewPhone();
        using var anonymous = new HttpClient();
        var id = await ExpectIdAsync(await anonymous.PostAsJsonAsync(new Uri(on.Address, "/api/v1/requests"), Bodies.Request(phone)));
        using var read = await admin.GetAsync(new Uri(readOn.Address, $"/api/v1/requests/{id}"));
        return new Mother(id, (await read.ExpectAsync(HttpStatusCode.OK)).GetProperty("motherId").GetGuid(), phone);
    }

    /// <summary>Submitted, contacted, assigned and the consultant's contact sent, each step on the next instance.</summary>
    private static async Task<Mother> AwaitingContactAsync(AppProcess[] apps, int turn, HttpClient admin, Guid consultantId)
    {
        var mother = await SubmitAsync(apps[turn % apps.Length], admin, apps[(turn + 1) % apps.Length]);
        var steps = new (string Action, object Body)[] { ("contacts", new { channel = "whatsapp" }), ("assignment", new { consultantId }), ("consultant-contact-sent", new { }) };
        for (var s = 0; s < steps.Length; s++)
        {
            using var response = await admin.PostAsJsonAsync(new Uri(apps[(turn + s) % apps.Length].Address, $"/api/v1/requests/{mother.RequestId}/{steps[s].Action}"), steps[s].Body);
            await response.ExpectAsync(HttpStatusCode.OK);
        }

        return mother;
    }

    /// <summary>The mother's own sign-in: asks for a code on one instance, enters it (read from the outbox) on another.</summary>
    private static async Task<HttpClient> SignInAsync(AppProcess askOn, AppProcess answerOn, Mother mother, string connection)
    {
        var jar = new CookieContainer();
#pragma warning disable CA2000 // The client owns and disposes its handler.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }, disposeHandler: true);
#pragma warning restore CA2000
        using (var asked = await PostFormAsync(client, askOn, "/my", ("phone", mother.Phone)))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }

        await using (var db = Db(connection))
        {
            var body = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.Kind == MotherSignInHandler.CodeMessageKind && m.RecipientId == mother.MotherId)
                .OrderByDescending(m => m.CreatedAt).Select(m => m.Body).FirstAsync();
            using var answered = await PostFormAsync(client, answerOn, "/my/code", ("code", Code().Match(body).Groups[1].Value));
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        Assert.Contains(jar.GetCookies(answerOn.Address).Cast<Cookie>(), c => c.Name == "pc.auth");
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, AppProcess app, string path, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(new Uri(app.Address, "/my"));
        var token = TokenInput().Match(page);
        Assert.True(token.Success, "No antiforgery token on /my.");
        using var form = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]);
        return await client.PostAsync(new Uri(app.Address, path), form);
    }

    private static Task<HttpResponseMessage> BookAsync(HttpClient mother, AppProcess on, Mother who, DateTimeOffset start) =>
        mother.PostAsJsonAsync(new Uri(on.Address, "/api/v1/meetings"), new { requestId = who.RequestId, start });

    private static async Task<Guid> ExpectIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        }
    }

    /// <summary>10:00 in Moscow three days from now: inside every consultant's hours, far from the change cutoff.</summary>
    private static DateTimeOffset FirstSlot()
    {
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        return new DateTimeOffset(today.AddDays(3).AddHours(7), TimeSpan.Zero);
    }

    private static PostgresAppDbContext Db(string connection) => PostgresAppDbContext.For(connection);

    [GeneratedRegex(@"Message ([0-9a-f-]{36}) \(.*delivered to the log channel")]
    private static partial Regex Delivered();

    [GeneratedRegex(@"(?:код для входа|sign-in code): (\d{6})\.")]
    private static partial Regex Code();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    private sealed record Mother(Guid RequestId, Guid MotherId, string Phone);
}
