using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>The public catalog (R8.1, R8.2): a mother may pick a consultant here and carry the choice into her request.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CatalogCache.Policy)]
public sealed class CatalogModel(CatalogHandler catalog, TimeProvider clock) : PageModel
{
    public IReadOnlyList<CatalogEntry> Consultants { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount { get; private set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var page = await catalog.PageAsync(PageNumber, ct);
        (Consultants, PageNumber, PageCount) = (page.Entries, page.Page, page.PageCount);
    }

    public static string PageLink(int page) => page <= 1 ? "/consultants" : $"/consultants?p={page}";

    /// <summary>"Europe/Moscow, UTC+3" at this moment, so the offset is right in summer and winter.</summary>
    public string Zone(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TimeZoneInfo.TryFindSystemTimeZoneById(entry.TimeZone, out var zone)
            ? Times.ZoneLabel(zone, clock.GetUtcNow().UtcDateTime)
            : entry.TimeZone;
    }
}
