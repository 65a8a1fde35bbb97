using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>The public catalog (R8.1, R8.2): a mother may pick a consultant here and carry the choice into her request.</summary>
[AllowAnonymous]
public sealed class CatalogModel(CatalogHandler catalog, TimeProvider clock) : PageModel
{
    public IReadOnlyList<CatalogEntry> Consultants { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Consultants = await catalog.PublishedAsync(ct);

    /// <summary>"Europe/Moscow, UTC+3" at this moment, so the offset is right in summer and winter.</summary>
    public string Zone(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TimeZoneInfo.TryFindSystemTimeZoneById(entry.TimeZone, out var zone)
            ? Times.ZoneLabel(zone, clock.GetUtcNow().UtcDateTime)
            : entry.TimeZone;
    }
}
