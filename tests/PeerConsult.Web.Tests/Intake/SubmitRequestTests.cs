using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Mothers;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Intake;

/// <summary>R1.1: POST /api/v1/requests as the public site and a mother's client see it.</summary>
public sealed partial class SubmitRequestTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task Submit_ValidRequest_CreatedWithNumberStatusAndDeadline()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(PeerConsultFactory.NewPhone()));

        var json = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(Guid.Empty, json.GetProperty("id").GetGuid());
        Assert.Matches(NumberPattern(), json.GetProperty("number").GetString());
        Assert.Equal("new", json.GetProperty("status").GetString());

        // R1.2: exactly 24 hours after the moment of submission (the factory's clock, never moved in this class).
        Assert.Equal(PeerConsultFactory.Start, factory.Clock.GetUtcNow());
        Assert.Equal("2026-03-03T09:00:00+00:00", json.GetProperty("adminDueAt").GetString());
        Assert.Equal($"/api/v1/requests/{json.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Submit_PhoneAsPeopleTypeIt_StoredInE164()
    {
        var phone = "8 916 123-45-67";

        var submitted = await factory.SubmitRequestAsync(phone);

        using var admin = await factory.CreateAdminClientAsync();
        var request = await (await admin.GetAsync($"/api/v1/requests/{submitted.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("+79161234567", request.GetProperty("phone").GetString());
        Assert.Equal(submitted.Number, request.GetProperty("number").GetString());
        Assert.Equal("Анна", request.GetProperty("name").GetString());
        Assert.Equal("whatsapp", request.GetProperty("messenger").GetString());
        Assert.Equal("Europe/Moscow", request.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Submit_EveryFieldWrong_ValidationProblemWithCodePerFieldAndNothingSaved()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var before = await TotalAsync(admin);
        var body = Bodies.Request("12345");
        body["name"] = "  ";
        body["timeZone"] = "Mars/Olympus";
        body["consentAccepted"] = false;
        body["messenger"] = "pigeon";
        body["email"] = "not an e-mail";
        body["note"] = new string('x', 1001);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", body);

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        var codes = json.GetProperty("codes");
        Assert.Equal("invalid-phone", codes.GetProperty("phone").GetString());
        Assert.Equal("name-required", codes.GetProperty("name").GetString());
        Assert.Equal("invalid-time-zone", codes.GetProperty("timeZone").GetString());
        Assert.Equal("consent-required", codes.GetProperty("consentAccepted").GetString());
        Assert.Equal("invalid-messenger", codes.GetProperty("messenger").GetString());
        Assert.Equal("invalid-email", codes.GetProperty("email").GetString());
        Assert.Equal("note-too-long", codes.GetProperty("note").GetString());
        Assert.Equal(7, codes.EnumerateObject().Count());
        Assert.Equal(7, json.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(before, await TotalAsync(admin));
    }

    [Fact]
    public async Task Submit_OnlyConsentMissing_400ConsentRequiredAndNothingSaved()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var before = await TotalAsync(admin);
        var body = Bodies.Request(PeerConsultFactory.NewPhone());
        body["consentAccepted"] = false;
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", body);

        Assert.Equal("consent-required", await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
        Assert.Equal(before, await TotalAsync(admin));
    }

    [Fact]
    public async Task Submit_SecondRequestWhileFirstOpen_409WithExistingNumber()
    {
        var phone = PeerConsultFactory.NewPhone();
        var first = await factory.SubmitRequestAsync(phone);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(phone));

        var json = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("request-already-open", json.GetProperty("code").GetString());
        Assert.Equal(first.Number, json.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Submit_UnknownPreferredConsultant_400ConsultantNotFound()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(PeerConsultFactory.NewPhone(), Guid.CreateVersion7()));

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("consultant-not-found", json.GetProperty("codes").GetProperty("preferredConsultantId").GetString());
    }

    [Fact]
    public async Task Submit_UnpublishedPreferredConsultant_400ConsultantNotFound()
    {
        var hidden = await factory.CreateConsultantAsync(published: false);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(PeerConsultFactory.NewPhone(), hidden.Id));

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("consultant-not-found", json.GetProperty("codes").GetProperty("preferredConsultantId").GetString());
    }

    [Fact]
    public async Task Submit_PublishedPreferredConsultant_KeptOnRequest()
    {
        // R8.2: she may ask for a specific consultant from the catalog at intake.
        var chosen = await factory.CreateConsultantAsync(published: true);

        var submitted = await factory.SubmitRequestAsync(preferredConsultantId: chosen.Id);

        using var admin = await factory.CreateAdminClientAsync();
        var request = await (await admin.GetAsync($"/api/v1/requests/{submitted.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(chosen.Id, request.GetProperty("preferredConsultantId").GetGuid());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("consultantId").ValueKind);
    }

    [Theory]
    [InlineData("whatsapp")]
    [InlineData("telegram")]
    [InlineData("max")]
    [InlineData("phone")]
    public async Task Submit_EachMessenger_AcceptedAndStored(string messenger)
    {
        var submitted = await factory.SubmitRequestAsync(messenger: messenger);

        using var admin = await factory.CreateAdminClientAsync();
        var request = await (await admin.GetAsync($"/api/v1/requests/{submitted.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(messenger, request.GetProperty("messenger").GetString());
    }

    [Fact]
    public async Task Submit_MotherPaidOnly_403NotEligible()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);

        // R2.2 will make a mother PaidOnly when her 48 hours run out; no endpoint produces that state yet,
        // so the test sets it directly, as that later feature will.
        var changed = await factory.WithDbAsync(db => db.Mothers.Where(m => m.Phone == phone)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Eligibility, Eligibility.PaidOnly)));
        Assert.Equal(1, changed);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(phone));

        var json = await response.ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("not-eligible", json.GetProperty("code").GetString());
        Assert.Equal("PaidOnly", json.GetProperty("eligibility").GetString());
    }

    private static async Task<int> TotalAsync(HttpClient admin) =>
        (await (await admin.GetAsync("/api/v1/requests")).ExpectAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32();

    [GeneratedRegex("^[A-Z0-9]{3}-[A-Z0-9]{3}$")]
    private static partial Regex NumberPattern();
}
