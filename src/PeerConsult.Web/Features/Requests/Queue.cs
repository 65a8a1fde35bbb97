using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Requests;

public sealed record QueueFilter(RequestStatus? Status = null, bool OverdueOnly = false, bool IncludeClosed = false, int Page = 1)
{
    public const int PageSize = 50;
}

public sealed record QueueItem(
    Guid Id,
    string Number,
    string Name,
    Messenger Messenger,
    RequestStatus Status,
    DateTime SubmittedAt,
    DateTime AdminWarningAt,
    DateTime AdminDueAt,
    DateTime? ContactedAt,
    Guid? ConsultantId,
    string? ConsultantName,
    Guid? PreferredConsultantId,
    DateTime? MotherContactDueAt,
    DateTime? AutoCloseAt,
    DateTime? ClosedAt,
    ClosedReason? ClosedReason)
{
    public AdminClockState Clock(DateTime now) => ConsultationRequest.AdminClock(Status, ContactedAt, AdminWarningAt, AdminDueAt, now);
}

/// <summary>What the counters show, read together: waiting for her contact, of those overdue, of those in the warning window.</summary>
public sealed record WaitingCounts(int Waiting, int Overdue, int Warning);

/// <summary>When a waiting request falls due and when its warning starts.</summary>
public sealed record WaitingTimes(DateTime Due, DateTime Warning);

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Total, int OverdueCount, int WarningCount, int Page, int PageSize);

/// <summary>
/// R1.2: the administrator's queue, most urgent first: requests still waiting for her contact by due time
/// (overdue ones lead), then the rest by their next clock.
/// </summary>
/// <remarks>
/// The page is the administrator's home and is reloaded all day, so its few statements are compiled once
/// (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, TResult}})"/>):
/// EF then skips hashing and comparing the expression tree on every visit. See docs/perf-queue.md.
/// <para>
/// While the change counters are trusted, the first page and the counters come from memory (<see cref="QueueCache"/>,
/// ADR 18): no statement at all until a write to a row the queue reads moves the queue stamp. The context is made only
/// when the database is read.
/// </para>
/// </remarks>
public sealed class QueueHandler(IServiceProvider services, TimeProvider clock, QueueCache cache)
{
    private AppDbContext Db => field ??= services.GetRequiredService<AppDbContext>();

    /// <summary>
    /// Open means every status but Closed, spelled out (<c>Status IN ('New', …)</c>, built from the enum so a new status
    /// is counted too): that is a range search on the status indexes, where <c>Status &lt;&gt; 'Closed'</c> makes SQLite
    /// walk the whole index, the closed requests (80% of all) included.
    /// </summary>
    private static readonly Expression<Func<ConsultationRequest, bool>> IsOpen = OpenPredicate();

    private static Expression<Func<ConsultationRequest, bool>> OpenPredicate()
    {
        var r = Expression.Parameter(typeof(ConsultationRequest), "r");
        var status = Expression.Property(r, nameof(ConsultationRequest.Status));
        var body = Enum.GetValues<RequestStatus>()
            .Where(s => s != RequestStatus.Closed)
            .Select(s => (Expression)Expression.Equal(status, Expression.Constant(s)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<ConsultationRequest, bool>>(body, r);
    }

    /// <summary>
    /// EF binds a compiled query to the model it first ran against, so there is one set per model (one in a running
    /// app; the tests run SQLite and PostgreSQL side by side in one process).
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, CompiledQueries> Compiled = [];

    private sealed class CompiledQueries
    {
        /// <summary>The three counters in one statement over the waiting requests (the partial index IX_Requests_Waiting).</summary>
        public readonly Func<AppDbContext, DateTime, Task<WaitingCounts?>> WaitingCounts = EF.CompileAsyncQuery(
            (AppDbContext db, DateTime now) => db.Requests
                .Where(r => r.Status != RequestStatus.Closed && r.ContactedAt == null)
                .GroupBy(r => 1)
                .Select(g => new WaitingCounts(
                    g.Count(),
                    g.Count(r => r.AdminDueAt <= now),
                    g.Count(r => r.AdminWarningAt <= now && r.AdminDueAt > now)))
                .FirstOrDefault());

        /// <summary>Due and warning instants of every waiting request, in queue order (the snapshot's counters).</summary>
        public readonly Func<AppDbContext, IAsyncEnumerable<WaitingTimes>> WaitingTimes = EF.CompileAsyncQuery(
            (AppDbContext db) => db.Requests
                .Where(r => r.Status != RequestStatus.Closed && r.ContactedAt == null)
                .OrderBy(r => r.AdminDueAt)
                .ThenBy(r => r.Number)
                .Select(r => new WaitingTimes(r.AdminDueAt, r.AdminWarningAt)));

        public readonly Func<AppDbContext, Task<int>> OpenCount = EF.CompileAsyncQuery(
            (AppDbContext db) => db.Requests.Count(IsOpen));

        /// <summary>
        /// The waiting segment of a page (all of them, or only the overdue ones), by due time. Its projection is
        /// <see cref="Project"/>'s, written out: a compiled query's expression cannot call a method.
        /// </summary>
        public readonly Func<AppDbContext, DateTime, int, int, IAsyncEnumerable<QueueItem>> WaitingPage = EF.CompileAsyncQuery(
            (AppDbContext db, DateTime dueBy, int skip, int take) => db.Requests
                .Where(r => r.Status != RequestStatus.Closed && r.ContactedAt == null && r.AdminDueAt <= dueBy)
                .OrderBy(r => r.AdminDueAt)
                .ThenBy(r => r.Number)
                .Skip(skip)
                .Take(take)
                .Select(r => new QueueItem(
                    r.Id,
                    r.Number,
                    r.Name,
                    r.Messenger,
                    r.Status,
                    r.SubmittedAt,
                    r.AdminWarningAt,
                    r.AdminDueAt,
                    r.ContactedAt,
                    r.ConsultantId,
                    db.Consultants.Where(c => c.Id == r.ConsultantId).Select(c => c.DisplayName).FirstOrDefault(),
                    r.PreferredConsultantId,
                    r.MotherContactDueAt,
                    r.AutoCloseAt,
                    r.ClosedAt,
                    r.ClosedReason)));
    }

    private static readonly DateTime EndOfTime = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);

    private CompiledQueries Queries => Compiled.GetValue(Db.Model, _ => new CompiledQueries());

    /// <summary>The zone the signed-in staff member sees times in (<see cref="StaffZone"/>), kept under the queue stamp.</summary>
    public async Task<string> ZoneAsync(ClaimsPrincipal user, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!cache.Trusted || user.UserId() is not { } id)
        {
            return await StaffZone.ForAsync(Db, user, policy);
        }

        var stamp = cache.Stamp;
        if (cache.Zone(stamp, id) is { } known)
        {
            return known;
        }

        var zone = await StaffZone.ForAsync(Db, user, policy);
        cache.StoreZone(stamp, id, zone);
        return zone;
    }

    public async Task<QueuePage> HandleAsync(QueueFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow().UtcDateTime;
        var snapshot = await SnapshotAsync(ct);
        var counts = snapshot?.Counts(now) ?? await Queries.WaitingCounts(Db, now) ?? new WaitingCounts(0, 0, 0);
        var (overdueCount, warningCount) = (counts.Overdue, counts.Warning);

        var page = Math.Max(1, filter.Page);
        var skip = (page - 1) * QueueFilter.PageSize;
        if (filter.Status is null && !filter.IncludeClosed && page == 1 && snapshot is not null)
        {
            // Nearly every visit: the first page, from memory.
            return filter.OverdueOnly
                ? new QueuePage(snapshot.OverdueFirstPage(overdueCount), overdueCount, overdueCount, warningCount, page, QueueFilter.PageSize)
                : new QueuePage(snapshot.FirstPage, snapshot.OpenTotal, overdueCount, warningCount, page, QueueFilter.PageSize);
        }

        if (filter.Status is null && !filter.IncludeClosed)
        {
            // The default view and the overdue filter (nearly every visit): open requests, those still waiting for
            // her contact first by due time, then the rest by their next clock. Read as two ordered segments rather
            // than one sort over every open request; the waiting ones come from a small partial index
            // (IX_Requests_Waiting), so the first pages cost what is waiting, not the Center's whole caseload.
            var waitingTotal = filter.OverdueOnly ? overdueCount : counts.Waiting;
            // Every waiting request is due by the end of time: one compiled statement serves both views.
            var dueBy = filter.OverdueOnly ? now : EndOfTime;
            var items = new List<QueueItem>(QueueFilter.PageSize);
            if (skip < waitingTotal)
            {
                await foreach (var item in Queries.WaitingPage(Db, dueBy, skip, QueueFilter.PageSize).WithCancellation(ct))
                {
                    items.Add(item);
                }
            }

            var total = waitingTotal;
            if (!filter.OverdueOnly)
            {
                total = await Queries.OpenCount(Db);
                if (items.Count < QueueFilter.PageSize && skip + items.Count < total)
                {
                    items.AddRange(await RestAsync(Math.Max(0, skip - waitingTotal), QueueFilter.PageSize - items.Count, ct));
                }
            }

            return new QueuePage(items, total, overdueCount, warningCount, page, QueueFilter.PageSize);
        }

        var query = Db.Requests.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }
        else if (!filter.IncludeClosed)
        {
            query = query.Where(r => r.Status != RequestStatus.Closed);
        }

        if (filter.OverdueOnly)
        {
            query = query.Where(r => r.Status != RequestStatus.Closed && r.ContactedAt == null && r.AdminDueAt <= now);
        }

        var all = await query.CountAsync(ct);
        var ordered = query
            .OrderBy(r => r.Status == RequestStatus.Closed ? 1 : 0)
            .ThenBy(r => r.ContactedAt == null ? 0 : 1)
            .ThenBy(r => r.ContactedAt == null ? r.AdminDueAt : r.AutoCloseAt ?? r.SubmittedAt)
            .ThenBy(r => r.Number)
            .Skip(skip)
            .Take(QueueFilter.PageSize);
        return new QueuePage(await Project(ordered).ToListAsync(ct), all, overdueCount, warningCount, page, QueueFilter.PageSize);
    }

    /// <summary>
    /// The snapshot for the current queue stamp, read and kept if there is none (null while the counters are not
    /// trusted). The stamp is read before the data, so a write committed meanwhile leaves the snapshot under an old stamp.
    /// </summary>
    private async Task<QueueSnapshot?> SnapshotAsync(CancellationToken ct)
    {
        if (!cache.Trusted)
        {
            return null;
        }

        var stamp = cache.Stamp;
        if (cache.Snapshot(stamp) is { } known)
        {
            return known;
        }

        var waiting = new List<(DateTime Due, DateTime Warning)>();
        await foreach (var w in Queries.WaitingTimes(Db).WithCancellation(ct))
        {
            waiting.Add((w.Due, w.Warning));
        }

        var first = new List<QueueItem>(QueueFilter.PageSize);
        if (waiting.Count > 0)
        {
            await foreach (var item in Queries.WaitingPage(Db, EndOfTime, 0, QueueFilter.PageSize).WithCancellation(ct))
            {
                first.Add(item);
            }
        }

        var total = await Queries.OpenCount(Db);
        if (first.Count < QueueFilter.PageSize && first.Count < total)
        {
            first.AddRange(await RestAsync(0, QueueFilter.PageSize - first.Count, ct));
        }

        var snapshot = new QueueSnapshot(stamp, waiting, first, total);
        cache.Store(snapshot);
        return snapshot;
    }

    /// <summary>Open requests no longer waiting for the administrator, by their next clock.</summary>
    private Task<List<QueueItem>> RestAsync(int skip, int take, CancellationToken ct) =>
        Project(Db.Requests.AsNoTracking()
            .Where(r => r.Status != RequestStatus.Closed && r.ContactedAt != null)
            .OrderBy(r => r.AutoCloseAt ?? r.SubmittedAt)
            .ThenBy(r => r.Number)
            .Skip(skip)
            .Take(take)).ToListAsync(ct);

    private IQueryable<QueueItem> Project(IQueryable<ConsultationRequest> requests) =>
        requests.Select(r => new QueueItem(
            r.Id,
            r.Number,
            r.Name,
            r.Messenger,
            r.Status,
            r.SubmittedAt,
            r.AdminWarningAt,
            r.AdminDueAt,
            r.ContactedAt,
            r.ConsultantId,
            Db.Consultants.Where(c => c.Id == r.ConsultantId).Select(c => c.DisplayName).FirstOrDefault(),
            r.PreferredConsultantId,
            r.MotherContactDueAt,
            r.AutoCloseAt,
            r.ClosedAt,
            r.ClosedReason));
}
