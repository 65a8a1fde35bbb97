using System.Net;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Consultants;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Consultants;

/// <summary>GET /consultants/{id}/photo: public only for published consultants, cached forever at its versioned URL.</summary>
public sealed class ConsultantPhotoTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    /// <summary>A real 1×1 PNG (signature, IHDR, IDAT, IEND).</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task Photo_UnknownConsultant_404()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/consultants/{Guid.NewGuid()}/photo");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Photo_PublishedWithoutPhoto_404AndCatalogPhotoUrlNull()
    {
        var consultant = await factory.CreateConsultantAsync(published: true);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/consultants/{consultant.Id}/photo");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var entry = await CatalogEntryAsync(client, consultant.Id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("photoUrl").ValueKind);
    }

    [Fact]
    public async Task Photo_UnpublishedWithPhoto_404()
    {
        var consultant = await factory.CreateConsultantAsync(published: false);
        var version = await StorePhotoAsync(consultant.Id);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/consultants/{consultant.Id}/photo?v={version}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Photo_PublishedWithPhotoAtItsVersion_200ImmutableNosniffAndTheBytes()
    {
        var consultant = await factory.CreateConsultantAsync(published: true);
        var version = await StorePhotoAsync(consultant.Id);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/consultants/{consultant.Id}/photo?v={version}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Photo_WithoutOrWithOldVersion_200ButRevalidated()
    {
        var consultant = await factory.CreateConsultantAsync(published: true);
        var version = await StorePhotoAsync(consultant.Id);
        using var client = factory.CreateClient();

        foreach (var url in new[] { $"/consultants/{consultant.Id}/photo", $"/consultants/{consultant.Id}/photo?v={version - 1}" })
        {
            using var response = await client.GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            Assert.True(response.Headers.CacheControl?.NoCache, url);
            Assert.DoesNotContain("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Catalog_PublishedWithPhoto_PhotoUrlWithVersionInApiAndImgOnPage()
    {
        var consultant = await factory.CreateConsultantAsync(published: true);
        var version = await StorePhotoAsync(consultant.Id);
        using var client = factory.CreateClient();

        var entry = await CatalogEntryAsync(client, consultant.Id);
        var page = await client.GetStringAsync("/consultants");

        var url = $"/consultants/{consultant.Id}/photo?v={version}";
        Assert.Equal(url, entry.GetProperty("photoUrl").GetString());
        var name = entry.GetProperty("displayName").GetString();
        Assert.Contains($"<img class=\"avatar\" src=\"{url}\" alt=\"Фото: {name}\" width=\"64\" height=\"64\" loading=\"lazy\" />", page, StringComparison.Ordinal);
    }

    /// <summary>No public endpoint stores a photo (the administrator's form does; the browser journey covers it).</summary>
    private Task<int> StorePhotoAsync(Guid consultantId) =>
        factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var consultant = await db.Consultants.SingleAsync(c => c.Id == consultantId);
            db.ConsultantPhotos.Add(ConsultantPhoto.Create(consultantId, PhotoImage.Create(Png).Value!, now));
            consultant.PhotoChanged(now);
            await db.SaveChangesAsync();
            return consultant.PhotoVersion;
        });

    private static async Task<System.Text.Json.JsonElement> CatalogEntryAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync("/api/v1/consultants");
        var catalog = await response.ExpectAsync(HttpStatusCode.OK);
        return catalog.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
    }
}
