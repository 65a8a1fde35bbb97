using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Requests;

/// <summary>R1.2, R1.3, R8: the administrator records the contact, assigns a consultant and sends her contact.</summary>
public sealed class RequestActionsTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task RecordContact_NewRequest_ContactedAndClockMet()
    {
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync(Url(request, "contacts"), new { channel = "whatsapp", note = "Договорились: пришлю контакт консультанта." });

        Assert.Equal("contacted", (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        var after = await GetAsync(admin, request);
        Assert.Equal("contacted", after.GetProperty("status").GetString());
        Assert.Equal("met", after.GetProperty("adminClock").GetString());
        var contact = Assert.Single(after.GetProperty("contacts").EnumerateArray());
        Assert.Equal("whatsapp", contact.GetProperty("channel").GetString());
        Assert.Equal("Договорились: пришлю контакт консультанта.", contact.GetProperty("note").GetString());
    }

    [Fact]
    public async Task RecordContact_AfterDeadline_ClockMetLate()
    {
        using var own = new PeerConsultFactory();
        var request = await own.SubmitRequestAsync();
        own.Clock.Advance(TimeSpan.FromHours(25));
        using var admin = await own.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync(Url(request, "contacts"), new { channel = "phone" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var after = await GetAsync(admin, request);
        Assert.Equal("met-late", after.GetProperty("adminClock").GetString());
        Assert.Equal("2026-03-03T10:00:00+00:00", after.GetProperty("contactedAt").GetString());
    }

    [Fact]
    public async Task RecordContact_AtInTheFuture_400InTheFutureAndNothingRecorded()
    {
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync(Url(request, "contacts"), new { channel = "whatsapp", at = factory.Clock.GetUtcNow().AddMinutes(1) });

        Assert.Equal("in-the-future", await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
        var after = await GetAsync(admin, request);
        Assert.Equal("new", after.GetProperty("status").GetString());
        Assert.Equal(0, after.GetProperty("contacts").GetArrayLength());
    }

    [Fact]
    public async Task RecordContact_UnknownChannel_400InvalidChannel()
    {
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync(Url(request, "contacts"), new { channel = "carrier-pigeon" });

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid-channel", json.GetProperty("codes").GetProperty("channel").GetString());
        Assert.Equal("new", (await GetAsync(admin, request)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RecordContact_UnknownRequest_404RequestNotFound()
    {
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{Guid.CreateVersion7()}/contacts", new { channel = "whatsapp" });

        Assert.Equal("request-not-found", await response.ExpectProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Get_UnknownRequest_404RequestNotFound()
    {
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.GetAsync($"/api/v1/requests/{Guid.CreateVersion7()}");

        Assert.Equal("request-not-found", await response.ExpectProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Assign_BeforeContact_409ContactRequired()
    {
        var request = await factory.SubmitRequestAsync();
        var consultant = await factory.CreateConsultantAsync();
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await AssignAsync(admin, request, consultant);

        Assert.Equal("contact-required", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal("new", (await GetAsync(admin, request)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Assign_UnknownConsultant_404ConsultantNotFound()
    {
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();
        await ContactAsync(admin, request);

        using var response = await admin.PostAsJsonAsync(Url(request, "assignment"), new { consultantId = Guid.CreateVersion7() });

        Assert.Equal("consultant-not-found", await response.ExpectProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Assign_AfterContact_AssignedAndConsultantPlaceTaken()
    {
        var request = await factory.SubmitRequestAsync();
        var consultant = await factory.CreateConsultantAsync(maxActiveMothers: 1);
        using var admin = await factory.CreateAdminClientAsync();
        await ContactAsync(admin, request);
        Assert.True(await AcceptingMothersAsync(consultant));

        using var response = await AssignAsync(admin, request, consultant);

        Assert.Equal("assigned", (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        var after = await GetAsync(admin, request);
        Assert.Equal("assigned", after.GetProperty("status").GetString());
        Assert.Equal(consultant.Id, after.GetProperty("consultantId").GetGuid());
        Assert.False(await AcceptingMothersAsync(consultant));
    }

    [Fact]
    public async Task Assign_ConsultantFull_409ConsultantAtCapacity()
    {
        var first = await factory.SubmitRequestAsync();
        var second = await factory.SubmitRequestAsync();
        var consultant = await factory.CreateConsultantAsync(maxActiveMothers: 1);
        using var admin = await factory.CreateAdminClientAsync();
        await ContactAsync(admin, first);
        await ContactAsync(admin, second);
        using var taken = await AssignAsync(admin, first, consultant);
        await taken.ExpectAsync(HttpStatusCode.OK);

        using var response = await AssignAsync(admin, second, consultant);

        Assert.Equal("consultant-at-capacity", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        var after = await GetAsync(admin, second);
        Assert.Equal("contacted", after.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("consultantId").ValueKind);
    }

    [Fact]
    public async Task Assign_ToAnotherConsultant_FirstOnesPlaceFreed()
    {
        // R8.1/R8.3: re-assignment keeps the history and gives the first consultant her place back.
        var first = await factory.SubmitRequestAsync();
        var third = await factory.SubmitRequestAsync();
        var anna = await factory.CreateConsultantAsync(maxActiveMothers: 1);
        var olga = await factory.CreateConsultantAsync(maxActiveMothers: 1);
        using var admin = await factory.CreateAdminClientAsync();
        await ContactAsync(admin, first);
        await ContactAsync(admin, third);
        using var toAnna = await AssignAsync(admin, first, anna);
        await toAnna.ExpectAsync(HttpStatusCode.OK);

        using var toOlga = await admin.PostAsJsonAsync(Url(first, "assignment"), new { consultantId = olga.Id, reason = "Не нашли общего времени" });
        using var thirdToAnna = await AssignAsync(admin, third, anna);

        await toOlga.ExpectAsync(HttpStatusCode.OK);
        await thirdToAnna.ExpectAsync(HttpStatusCode.OK);
        var after = await GetAsync(admin, first);
        Assert.Equal(olga.Id, after.GetProperty("consultantId").GetGuid());
        var assignments = after.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal([anna.Id, olga.Id], assignments.Select(a => a.GetProperty("consultantId").GetGuid()));
        Assert.NotEqual(JsonValueKind.Null, assignments[0].GetProperty("endedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, assignments[1].GetProperty("endedAt").ValueKind);
        Assert.Equal("Не нашли общего времени", assignments[1].GetProperty("reason").GetString());
        Assert.Equal(anna.Id, (await GetAsync(admin, third)).GetProperty("consultantId").GetGuid());
    }

    [Fact]
    public async Task Assign_SameConsultantTwice_409AlreadyAssigned()
    {
        var request = await factory.SubmitRequestAsync();
        var consultant = await factory.CreateConsultantAsync(maxActiveMothers: 3);
        using var admin = await factory.CreateAdminClientAsync();
        await ContactAsync(admin, request);
        using var once = await AssignAsync(admin, request, consultant);
        await once.ExpectAsync(HttpStatusCode.OK);

        using var twice = await AssignAsync(admin, request, consultant);

        Assert.Equal("already-assigned", await twice.ExpectProblemAsync(HttpStatusCode.Conflict));
        Assert.Single((await GetAsync(admin, request)).GetProperty("assignments").EnumerateArray());
    }

    [Fact]
    public async Task ConsultantContactSent_BeforeAssignment_409AssignmentRequired()
    {
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();
        await ContactAsync(admin, request);

        using var response = await admin.PostAsJsonAsync(Url(request, "consultant-contact-sent"), new { });

        Assert.Equal("assignment-required", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal("contacted", (await GetAsync(admin, request)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConsultantContactSent_AfterAssignment_MotherClockStartsAndHistoryComplete()
    {
        using var own = new PeerConsultFactory();
        var request = await own.SubmitRequestAsync();                    // 09:00
        var consultant = await own.CreateConsultantAsync();
        using var admin = await own.CreateAdminClientAsync();
        own.Clock.Advance(TimeSpan.FromMinutes(1));
        await ContactAsync(admin, request);                              // 09:01
        own.Clock.Advance(TimeSpan.FromMinutes(1));
        using var assigned = await AssignAsync(admin, request, consultant); // 09:02
        await assigned.ExpectAsync(HttpStatusCode.OK);
        own.Clock.Advance(TimeSpan.FromMinutes(30));                     // now 09:32

        // R1.3/R2.1: the mother's clock starts when the contact was sent, which the administrator may enter afterwards.
        using var response = await admin.PostAsJsonAsync(Url(request, "consultant-contact-sent"), new { at = "2026-03-02T09:12:00+00:00" });

        Assert.Equal("awaiting-mother-contact", (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        var after = await GetAsync(admin, request);
        Assert.Equal("awaiting-mother-contact", after.GetProperty("status").GetString());
        Assert.Equal("2026-03-02T09:12:00+00:00", after.GetProperty("consultantContactSentAt").GetString());
        Assert.Equal("2026-03-03T09:12:00+00:00", after.GetProperty("motherContactDueAt").GetString());
        Assert.Equal("2026-03-04T09:12:00+00:00", after.GetProperty("autoCloseAt").GetString());

        var history = after.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(
            [("Submitted", "public"), ("ContactRecorded", "administrator"), ("ConsultantAssigned", "administrator"), ("ConsultantContactSent", "administrator")],
            history.Select(h => (h.GetProperty("kind").GetString(), h.GetProperty("actor").GetString())));
        var submittedPolicy = history[0].GetProperty("policy");
        Assert.Equal("1.00:00:00", submittedPolicy.GetProperty("AdminResponseDeadline").GetString());
        Assert.Equal("20:00:00", submittedPolicy.GetProperty("AdminResponseWarning").GetString());
        var sentPolicy = history[3].GetProperty("policy");
        Assert.Equal("1.00:00:00", sentPolicy.GetProperty("MotherContactDeadline").GetString());
        Assert.Equal("2.00:00:00", sentPolicy.GetProperty("MotherContactCloseAfter").GetString());
        Assert.Equal(consultant.Id.ToString(), history[2].GetProperty("data").GetProperty("consultantId").GetString());
    }

    private static string Url(SubmittedRequest request, string action) => $"/api/v1/requests/{request.Id}/{action}";

    private static async Task<JsonElement> GetAsync(HttpClient admin, SubmittedRequest request) =>
        await (await admin.GetAsync($"/api/v1/requests/{request.Id}")).ExpectAsync(HttpStatusCode.OK);

    private static async Task ContactAsync(HttpClient admin, SubmittedRequest request)
    {
        using var response = await admin.PostAsJsonAsync(Url(request, "contacts"), new { channel = "whatsapp" });
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> AssignAsync(HttpClient admin, SubmittedRequest request, CreatedConsultant consultant) =>
        admin.PostAsJsonAsync(Url(request, "assignment"), new { consultantId = consultant.Id });

    private async Task<bool> AcceptingMothersAsync(CreatedConsultant consultant)
    {
        using var client = factory.CreateClient();
        var catalog = await (await client.GetAsync("/api/v1/consultants")).ExpectAsync(HttpStatusCode.OK);
        return catalog.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == consultant.Id).GetProperty("acceptingMothers").GetBoolean();
    }
}
