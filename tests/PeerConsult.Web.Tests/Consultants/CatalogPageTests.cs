using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Consultants;

/// <summary>The public catalog page: twenty consultants a page, cached for visitors, and never stale after a change.</summary>
public sealed partial class CatalogPageTests
{
    [Fact]
    public async Task Catalog_TwentyOneConsultants_TwoPagesWithAPager()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        for (var i = 0; i < 21; i++)
        {
            await factory.CreateConsultantAsync(admin);
        }

        using var visitor = factory.CreateClient();
        var first = await visitor.GetStringAsync("/consultants");
        var second = await visitor.GetStringAsync("/consultants?p=2");

        Assert.Equal(20, Cards().Count(first));
        Assert.Contains("Страница 1 из 2", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/consultants?p=2\"", first, StringComparison.Ordinal);
        Assert.Equal(1, Cards().Count(second));
        Assert.Contains("Страница 2 из 2", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_ServedFromCache_ShowsCapacityTakenOnTheNextVisit()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 1);
        using var visitor = factory.CreateClient();
        await visitor.GetStringAsync("/consultants");
        using (var cached = await visitor.GetAsync("/consultants"))
        {
            // The second visit comes from the output cache (it carries an Age header) and still offers her.
            Assert.True(cached.Headers.Age.HasValue);
            Assert.Contains($"/request?consultant={consultant.Id}", await cached.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var request = await factory.SubmitRequestAsync();
        using (var contact = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/contacts", new { channel = "whatsapp" }))
        {
            await contact.ExpectAsync(HttpStatusCode.OK);
        }

        using (var assigned = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/assignment", new { consultantId = consultant.Id }))
        {
            await assigned.ExpectAsync(HttpStatusCode.OK);
        }

        // Her only place is taken: the very next visit no longer offers her.
        var after = await visitor.GetStringAsync("/consultants");
        Assert.DoesNotContain($"/request?consultant={consultant.Id}", after, StringComparison.Ordinal);
    }

    [GeneratedRegex("<article class=\"card consultant\"")]
    private static partial Regex Cards();
}
