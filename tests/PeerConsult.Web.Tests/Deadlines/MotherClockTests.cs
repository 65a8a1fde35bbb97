using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>R2: after the consultant's contact is sent, one reminder at 24 hours and the closure at 48 (R2.2, R6, R5.3).</summary>
public sealed class MotherClockTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly DateTimeOffset Sent = PeerConsultFactory.Start;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reminder_OneTickBeforeAtAndAfter24Hours_OneReminderAndOneConsultantNotice(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        AwaitingRequest request;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            request = await factory.AwaitingMotherContactAsync(admin);
        }

        factory.Clock.Advance(TimeSpan.FromHours(24) - Tick);
        Assert.Equal(0, (await factory.SweepAsync()).Reminded);
        using (var admin = await factory.CreateAdminClientAsync())
        {
            Assert.Null((await admin.GetRequestAsync(request.Id)).At("motherRemindedAt"));
            Assert.Equal(["consultant.new-mother"], (await admin.MessagesAsync(request.Id)).Kinds());
        }

        factory.Clock.Advance(Tick);
        Assert.Equal(1, (await factory.SweepAsync()).Reminded);
        factory.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(0, (await factory.SweepAsync()).Total);

        using var later = await factory.CreateAdminClientAsync();
        var json = await later.GetRequestAsync(request.Id);
        Assert.Equal("awaiting-mother-contact", json.Str("status"));
        Assert.Equal(Sent.AddHours(24), json.At("motherRemindedAt"));
        var messages = await later.MessagesAsync(request.Id);
        Assert.Equal(["consultant.new-mother", "consultant.not-in-touch", "mother.reminder"], messages.Kinds());
        Assert.Equal("consultant", messages.Single(m => m.Str("kind") == "consultant.not-in-touch").Str("recipient"));
        Assert.Equal("mother", messages.Single(m => m.Str("kind") == "mother.reminder").Str("recipient"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_OneTickBeforeAndAt48Hours_ClosedForNoContactOnce(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await AwaitingAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(24));
        await factory.SweepAsync();

        factory.Clock.Advance(TimeSpan.FromHours(24) - Tick);
        Assert.Equal(0, (await factory.SweepAsync()).Closed);
        using (var admin = await factory.CreateAdminClientAsync())
        {
            Assert.Equal("awaiting-mother-contact", (await admin.GetRequestAsync(request.Id)).Str("status"));
        }

        factory.Clock.Advance(Tick);
        Assert.Equal(1, (await factory.SweepAsync()).Closed);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await factory.SweepAsync()).Total);

        using var later = await factory.CreateAdminClientAsync();
        var json = await later.GetRequestAsync(request.Id);
        Assert.Equal("closed", json.Str("status"));
        Assert.Equal("no-contact", json.Str("closedReason"));
        Assert.Equal(Sent.AddHours(48), json.At("closedAt"));
        Assert.Equal("PaidOnly", json.Str("eligibility"));
        Assert.Equal(
            ["consultant.new-mother", "consultant.not-in-touch", "consultant.request-closed", "mother.closed-no-contact", "mother.reminder"],
            (await later.MessagesAsync(request.Id)).Kinds());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_At48Hours_MotherPaidOnlyBySystemDecisionWithPolicy(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await ClosedAsync(factory);

        using var admin = await factory.CreateAdminClientAsync();
        var mother = await admin.GetMotherAsync(request.MotherId);

        Assert.Equal("PaidOnly", mother.Str("eligibility"));
        var decision = Assert.Single(mother.GetProperty("decisions").EnumerateArray());
        Assert.Equal("R2.2", decision.Str("rule"));
        Assert.Equal("system", decision.Str("decidedBy"));
        Assert.Equal("Eligible", decision.Str("from"));
        Assert.Equal("PaidOnly", decision.Str("to"));
        Assert.Equal(Sent.AddHours(48), decision.At("at"));
        Assert.Equal("1.00:00:00", decision.GetProperty("policy").Str("MotherContactDeadline"));
        Assert.Equal("2.00:00:00", decision.GetProperty("policy").Str("MotherContactCloseAfter"));
        Assert.Equal(request.Request.Number, decision.GetProperty("evidence").Str("requestNumber"));
        var line = Assert.Single(mother.GetProperty("requests").EnumerateArray());
        Assert.Equal("no-contact", line.Str("closedReason"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Close_At48Hours_ConsultantPlaceReleased(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        CreatedConsultant consultant;
        AwaitingRequest request;
        SubmittedRequest next;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 1);
            request = await factory.AwaitingMotherContactAsync(admin, consultant);
            next = await factory.SubmitRequestAsync();
            await DeadlineDriver.PostOkAsync(admin, next, "contacts", new { channel = "phone" });
            using var full = await admin.PostAsJsonAsync($"/api/v1/requests/{next.Id}/assignment", new { consultantId = consultant.Id });
            Assert.Equal("consultant-at-capacity", await full.ExpectProblemAsync(HttpStatusCode.Conflict));
        }

        factory.Clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(1, (await factory.SweepAsync()).Closed);

        using var later = await factory.CreateAdminClientAsync();
        using var assigned = await later.PostAsJsonAsync($"/api/v1/requests/{next.Id}/assignment", new { consultantId = consultant.Id });
        await assigned.ExpectAsync(HttpStatusCode.OK);
        var closed = await later.GetRequestAsync(request.Id);
        Assert.NotNull(Assert.Single(closed.GetProperty("assignments").EnumerateArray()).At("endedAt"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Submit_AfterClosureFromHerPhone_403NotEligible(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await ClosedAsync(factory);

        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(request.Phone));

        Assert.Equal("not-eligible", await response.ExpectProblemAsync(HttpStatusCode.Forbidden));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reinstate_BlankReason_400ReasonRequiredAndStillPaidOnly(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await ClosedAsync(factory);
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync($"/api/v1/mothers/{request.MotherId}/reinstatement", new { reason = "   " });

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("reason-required", json.GetProperty("codes").Str("reason"));
        var mother = await admin.GetMotherAsync(request.MotherId);
        Assert.Equal("PaidOnly", mother.Str("eligibility"));
        Assert.Single(mother.GetProperty("decisions").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reinstate_WithReason_EligibleWithR53DecisionAndMaySubmitAgain(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await ClosedAsync(factory);
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync($"/api/v1/mothers/{request.MotherId}/reinstatement", new { reason = "Сообщения не доходили: сбой на стороне Центра." });

        Assert.Equal("Eligible", (await response.ExpectAsync(HttpStatusCode.OK)).Str("eligibility"));
        var mother = await admin.GetMotherAsync(request.MotherId);
        Assert.Equal("Eligible", mother.Str("eligibility"));
        var decisions = mother.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(["R2.2", "R5.3"], decisions.Select(d => d.Str("rule")));
        Assert.Equal("administrator", decisions[1].Str("decidedBy"));
        Assert.Equal("Сообщения не доходили: сбой на стороне Центра.", decisions[1].Str("reason"));
        Assert.Equal("R2.2", decisions[1].GetProperty("evidence").Str("reinstatesRule"));
        var again = await factory.SubmitRequestAsync(request.Phone);
        Assert.NotEqual(request.Id, again.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MotherContacted_Before48Hours_InTouchAndNothingClosesAt49Hours(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await AwaitingAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(30));
        await factory.SweepAsync();
        using (var admin = await factory.CreateAdminClientAsync())
        {
            using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/mother-contacted", new { at = Sent.AddHours(29) });
            Assert.Equal("in-touch", (await response.ExpectAsync(HttpStatusCode.OK)).Str("status"));
        }

        factory.Clock.Advance(TimeSpan.FromHours(19));
        Assert.Equal(0, (await factory.SweepAsync()).Total);

        using var later = await factory.CreateAdminClientAsync();
        var json = await later.GetRequestAsync(request.Id);
        Assert.Equal("in-touch", json.Str("status"));
        Assert.Null(json.At("closedAt"));
        Assert.Equal(Sent.AddHours(29), json.At("motherContactedAt"));
        Assert.Equal("Eligible", json.Str("eligibility"));
        Assert.Equal(["consultant.new-mother", "consultant.not-in-touch", "mother.reminder"], (await later.MessagesAsync(request.Id)).Kinds());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MotherContacted_AtAfterCloseTime_400AfterCloseTimeAndClosureStillApplies(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await AwaitingAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(49));
        using (var admin = await factory.CreateAdminClientAsync())
        {
            // The sweeper has not run yet: the request still says "awaiting", but her time ran out at 48 hours.
            using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/mother-contacted", new { at = Sent.AddHours(48).AddMinutes(1) });
            Assert.Equal("after-close-time", await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
            Assert.Equal("awaiting-mother-contact", (await admin.GetRequestAsync(request.Id)).Str("status"));
        }

        Assert.Equal(1, (await factory.SweepAsync()).Closed);

        using var later = await factory.CreateAdminClientAsync();
        Assert.Equal("closed", (await later.GetRequestAsync(request.Id)).Str("status"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MotherContacted_OnClosedRequest_409InvalidStatusAndNothingReopens(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var request = await ClosedAsync(factory);
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/mother-contacted", new { at = Sent.AddHours(47) });

        Assert.Equal("invalid-status", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        var json = await admin.GetRequestAsync(request.Id);
        Assert.Equal("closed", json.Str("status"));
        Assert.Null(json.At("motherContactedAt"));
        Assert.Equal("PaidOnly", (await admin.GetMotherAsync(request.MotherId)).Str("eligibility"));
    }

    private static async Task<AwaitingRequest> AwaitingAsync(PeerConsultFactory factory)
    {
        using var admin = await factory.CreateAdminClientAsync();
        return await factory.AwaitingMotherContactAsync(admin);
    }

    /// <summary>Her request closed by the sweep at exactly 48 hours (after the 24-hour reminder).</summary>
    private static async Task<AwaitingRequest> ClosedAsync(PeerConsultFactory factory)
    {
        var request = await AwaitingAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(24));
        await factory.SweepAsync();
        factory.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, (await factory.SweepAsync()).Closed);
        return request;
    }
}
