using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>What the public may see of a consultant: no phone, no e-mail, no load.</summary>
public sealed record CatalogEntry(Guid Id, string DisplayName, string? Bio, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, string TimeZone, bool AcceptingMothers)
{
    /// <summary>Initials for the round avatar shown in place of a photo.</summary>
    public string Initials => string.Concat(DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));
}

public sealed class CatalogHandler(AppDbContext db)
{
    public Task<List<CatalogEntry>> PublishedAsync(CancellationToken ct) =>
        db.Consultants.AsNoTracking()
            .Where(c => c.Published)
            .OrderBy(c => c.DisplayName)
            .Select(c => new CatalogEntry(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.ActiveMothers < c.MaxActiveMothers))
            .ToListAsync(ct);

    public Task<CatalogEntry?> PublishedAsync(Guid id, CancellationToken ct) =>
        db.Consultants.AsNoTracking()
            .Where(c => c.Published && c.Id == id)
            .Select(c => new CatalogEntry(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.ActiveMothers < c.MaxActiveMothers))
            .SingleOrDefaultAsync(ct);
}
