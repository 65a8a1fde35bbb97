using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Caching;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>What the public may see of a consultant: no phone, no e-mail, no load.</summary>
public sealed record CatalogEntry(Guid Id, string DisplayName, string? Bio, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, string TimeZone, bool AcceptingMothers, int PhotoVersion)
{
    /// <summary>Her photo's address, new with every new photo (so it can be cached forever); null while she has none.</summary>
    public string? PhotoUrl => PhotoVersion > 0 ? ConsultantsApi.PhotoUrl(Id, PhotoVersion) : null;

    /// <summary>Initials for the round avatar shown in place of a photo.</summary>
    public string Initials => string.Concat(DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));
}

/// <summary>
/// Every published consultant as of one catalog stamp (ADR 13): the intake form's chooser and GET /api/v1/consultants
/// list all of them (500 at full scale), and the list changes only when a consultant does.
/// </summary>
public sealed class PublishedConsultants
{
    private volatile Snapshot? _current;

    internal IReadOnlyList<CatalogEntry>? Find(string stamp) => _current is { } s && s.Stamp == stamp ? s.Entries : null;

    internal void Store(string stamp, IReadOnlyList<CatalogEntry> entries) => _current = new Snapshot(stamp, entries);

    private sealed record Snapshot(string Stamp, IReadOnlyList<CatalogEntry> Entries);
}

public sealed class CatalogHandler(AppDbContext db, PublicVersions versions, PublishedConsultants published)
{
    /// <summary>All published consultants by name; from memory while the catalog stamp is unchanged and trusted.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> PublishedAsync(CancellationToken ct)
    {
        // The stamp is read before the data, so a list read during a change is never kept under the newer stamp.
        var trusted = versions.Trusted;
        var stamp = versions.CatalogStamp;
        if (trusted && published.Find(stamp) is { } cached)
        {
            return cached;
        }

        var entries = await db.Consultants.AsNoTracking()
            .Where(c => c.Published)
            .OrderBy(c => c.DisplayName)
            .Select(c => new CatalogEntry(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.ActiveMothers < c.MaxActiveMothers, c.PhotoVersion))
            .ToListAsync(ct);
        if (trusted)
        {
            published.Store(stamp, entries);
        }

        return entries;
    }

    /// <summary>
    /// One page of the published consultants, by name. The catalog is paged: with hundreds of consultants one page
    /// would be most of a megabyte on a mother's phone (docs/performance.md).
    /// </summary>
    public async Task<CatalogPage> PageAsync(int page, CancellationToken ct)
    {
        var published = db.Consultants.AsNoTracking().Where(c => c.Published);
        var total = await published.CountAsync(ct);
        var pages = Math.Max(1, (total + CatalogPage.Size - 1) / CatalogPage.Size);
        var current = Math.Clamp(page, 1, pages);
        var entries = await published
            .OrderBy(c => c.DisplayName)
            .ThenBy(c => c.Id)
            .Skip((current - 1) * CatalogPage.Size)
            .Take(CatalogPage.Size)
            .Select(c => new CatalogEntry(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.ActiveMothers < c.MaxActiveMothers, c.PhotoVersion))
            .ToListAsync(ct);
        return new CatalogPage(entries, current, pages);
    }

    public Task<CatalogEntry?> PublishedAsync(Guid id, CancellationToken ct) =>
        db.Consultants.AsNoTracking()
            .Where(c => c.Published && c.Id == id)
            .Select(c => new CatalogEntry(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.ActiveMothers < c.MaxActiveMothers, c.PhotoVersion))
            .SingleOrDefaultAsync(ct);

    /// <summary>The photo of a published consultant; the only way image bytes leave the database for the public.</summary>
    public Task<StoredPhoto?> PublishedPhotoAsync(Guid id, CancellationToken ct) =>
        (from c in db.Consultants
         join p in db.ConsultantPhotos on c.Id equals p.ConsultantId
         where c.Id == id && c.Published && c.PhotoVersion > 0
         select new StoredPhoto(p.ContentType, p.Bytes, c.PhotoVersion, p.UpdatedAt))
        .AsNoTracking().SingleOrDefaultAsync(ct);
}

public sealed record CatalogPage(IReadOnlyList<CatalogEntry> Entries, int Page, int PageCount)
{
    public const int Size = 20;
}

/// <summary>A stored photo as it is served: bytes, their content type, and the version in its URL.</summary>
#pragma warning disable CA1819 // Handed straight to the response; never changed.
public sealed record StoredPhoto(string ContentType, byte[] Bytes, int Version, DateTime UpdatedAt);
#pragma warning restore CA1819
