using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>
/// The public catalog is the page a campaign sends a thousand mothers to, and it changes only when a consultant does.
/// Its HTML is cached (anonymous visitors only: the output cache never stores signed-in pages or responses that set
/// cookies) under a key that includes the consultants' fingerprint: the count of consultants and the sum of their row
/// versions. Every change to a consultant — profile, publication, photo, capacity taken or released — bumps her
/// Version, so the next request after any change, on any instance, renders afresh: there is no invalidation call
/// anyone could forget. The price is one small aggregate query per request instead of the page's queries and rendering.
/// </summary>
public static class CatalogCache
{
    public const string Policy = "public-catalog";

    public static WebApplicationBuilder AddCatalogCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options => options.AddPolicy(Policy, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            .SetVaryByQuery("culture", "p")
            .VaryByValue(async (http, ct) => new KeyValuePair<string, string>(
                "catalog", $"{System.Globalization.CultureInfo.CurrentUICulture.Name}:{await FingerprintAsync(http, ct)}"))));
        return builder;
    }

    private static async ValueTask<string> FingerprintAsync(HttpContext http, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var state = await db.Consultants
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Versions = g.Sum(c => (long)c.Version) })
            .FirstOrDefaultAsync(ct);
        return $"{state?.Count ?? 0}:{state?.Versions ?? 0}";
    }
}
