using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Consultants;

/// <summary>POST /api/v1/consultants (administrator) and the public catalog it feeds.</summary>
public sealed class ConsultantsApiTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task Create_ValidConsultant_201AndListedInCatalog()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var email = $"maria{PeerConsultFactory.Next()}@test.local";

        using var response = await admin.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant(email, "8 (916) 700-00-01", maxActiveMothers: 4, displayName: "Мария Каталожная"));

        var id = (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/consultants/{id}", response.Headers.Location?.OriginalString);
        var entry = (await CatalogAsync()).Single(c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal("Мария Каталожная", entry.GetProperty("displayName").GetString());
        Assert.Equal("Europe/Moscow", entry.GetProperty("timeZone").GetString());
        Assert.Equal(["сон"], entry.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.True(entry.GetProperty("acceptingMothers").GetBoolean());
    }

    [Fact]
    public async Task Create_EmailAlreadyUsed_400EmailTaken()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var existing = await factory.CreateConsultantAsync(admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant(existing.Email, PeerConsultFactory.NewPhone()));

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("email-taken", json.GetProperty("codes").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Create_AdministratorsEmail_400EmailTaken()
    {
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant(PeerConsultFactory.AdminEmail, PeerConsultFactory.NewPhone()));

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("email-taken", json.GetProperty("codes").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Create_BadPhone_400InvalidPhoneAndNothingCreated()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var before = (await CatalogAsync()).Count;

        using var response = await admin.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant($"c{PeerConsultFactory.Next()}@test.local", "12-34"));

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid-phone", json.GetProperty("codes").GetProperty("phone").GetString());
        Assert.Equal(before, (await CatalogAsync()).Count);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task Create_CapacityOutOfRange_400InvalidCapacity(int capacity)
    {
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant($"c{PeerConsultFactory.Next()}@test.local", PeerConsultFactory.NewPhone(), maxActiveMothers: capacity));

        var json = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid-capacity", json.GetProperty("codes").GetProperty("maxActiveMothers").GetString());
    }

    [Fact]
    public async Task Catalog_UnpublishedConsultant_Absent()
    {
        var hidden = await factory.CreateConsultantAsync(published: false);
        var shown = await factory.CreateConsultantAsync(published: true);

        var catalog = await CatalogAsync();

        Assert.DoesNotContain(catalog, c => c.GetProperty("id").GetGuid() == hidden.Id);
        Assert.Contains(catalog, c => c.GetProperty("id").GetGuid() == shown.Id);
    }

    private async Task<List<System.Text.Json.JsonElement>> CatalogAsync()
    {
        using var client = factory.CreateClient();
        return [.. (await (await client.GetAsync("/api/v1/consultants")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()];
    }
}
