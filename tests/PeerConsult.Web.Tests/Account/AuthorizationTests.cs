using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Account;

/// <summary>Who may call what: the queue and the actions are the administrator's; the catalog is public.</summary>
public sealed class AuthorizationTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Theory]
    [InlineData("/api/v1/requests")]
    [InlineData("/api/v1/requests/0195a0c0-0000-7000-8000-000000000001")]
    public async Task Get_Anonymous_401(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_AnonymousAction_401()
    {
        var request = await factory.SubmitRequestAsync();
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync($"/api/v1/requests/{request.Id}/contacts", new { channel = "whatsapp" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AdministratorEndpoints_ConsultantToken_403AndNothingChanged()
    {
        var request = await factory.SubmitRequestAsync();
        var other = await factory.CreateConsultantAsync();
        using var consultant = await factory.CreateConsultantClientAsync();

        using var list = await consultant.GetAsync("/api/v1/requests");
        using var get = await consultant.GetAsync($"/api/v1/requests/{request.Id}");
        using var contact = await consultant.PostAsJsonAsync($"/api/v1/requests/{request.Id}/contacts", new { channel = "whatsapp", note = "x" });
        using var assign = await consultant.PostAsJsonAsync($"/api/v1/requests/{request.Id}/assignment", new { consultantId = other.Id });
        using var sent = await consultant.PostAsJsonAsync($"/api/v1/requests/{request.Id}/consultant-contact-sent", new { });
        using var create = await consultant.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant("new@test.local", PeerConsultFactory.NewPhone()));

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, contact.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, assign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        using var admin = await factory.CreateAdminClientAsync();
        var after = await (await admin.GetAsync($"/api/v1/requests/{request.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", after.GetProperty("status").GetString());
        Assert.Equal(0, after.GetProperty("contacts").GetArrayLength());
    }

    [Fact]
    public async Task Catalog_Anonymous_200WithPublicFieldsOnly()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var email = $"visible{PeerConsultFactory.Next()}@test.local";
        var phone = PeerConsultFactory.NewPhone();
        using var created = await admin.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant(email, phone, displayName: "Ольга Видимая"));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/consultants");

        var json = await response.ExpectAsync(HttpStatusCode.OK);
        var entry = json.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal("Ольга Видимая", entry.GetProperty("displayName").GetString());
        Assert.Equal(
            ["acceptingMothers", "bio", "displayName", "id", "languages", "photoUrl", "timeZone", "topics"],
            entry.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone[1..], raw, StringComparison.Ordinal);
    }
}
