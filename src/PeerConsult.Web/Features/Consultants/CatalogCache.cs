using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Caching;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>
/// The public catalog is the page a campaign sends a thousand mothers to, and it changes only when a consultant does.
/// Its HTML is cached (anonymous visitors only: the output cache never stores signed-in pages or responses that set
/// cookies) under a key that includes the catalog's change stamp (<see cref="PublicVersions"/>, ADR 13): every committed
/// write to a consultant — profile, publication, photo, capacity taken or released — moves it, on this instance at once
/// and on the others through PostgreSQL's NOTIFY, so the next request renders afresh; nobody has to remember to
/// invalidate. While the stamp cannot be trusted (PostgreSQL, listener not connected) the key falls back to the
/// consultants' fingerprint read from the database (their count and the sum of their row versions, ADR 12).
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

    private static ValueTask<string> FingerprintAsync(HttpContext http, CancellationToken ct)
    {
        var versions = http.RequestServices.GetRequiredService<PublicVersions>();
        return versions.Trusted ? ValueTask.FromResult("v" + versions.CatalogStamp) : DatabaseFingerprintAsync(http, ct);
    }

    private static async ValueTask<string> DatabaseFingerprintAsync(HttpContext http, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var state = await db.Consultants
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Versions = g.Sum(c => (long)c.Version) })
            .FirstOrDefaultAsync(ct);
        return $"f{state?.Count ?? 0}:{state?.Versions ?? 0}";
    }
}
