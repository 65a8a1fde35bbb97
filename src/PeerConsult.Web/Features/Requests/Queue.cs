using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PeerConsult.Domain.Requests;
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

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Total, int OverdueCount, int WarningCount, int Page, int PageSize);

/// <summary>
/// R1.2: the administrator's queue, most urgent first: requests still waiting for her contact by due time
/// (overdue ones lead), then the rest by their next clock.
/// </summary>
/// <remarks>
/// The page is the administrator's home and is reloaded all day, so its few statements are compiled once
/// (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, TResult}})"/>):
/// EF then skips hashing and comparing the expression tree on every visit. See docs/perf-queue.md.
/// </remarks>
public sealed class QueueHandler(AppDbContext db, TimeProvider clock)
{
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

    private CompiledQueries Queries => Compiled.GetValue(db.Model, _ => new CompiledQueries());

    public async Task<QueuePage> HandleAsync(QueueFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow().UtcDateTime;
        var counts = await Queries.WaitingCounts(db, now) ?? new WaitingCounts(0, 0, 0);
        var (overdueCount, warningCount) = (counts.Overdue, counts.Warning);

        var page = Math.Max(1, filter.Page);
        var skip = (page - 1) * QueueFilter.PageSize;
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
                await foreach (var item in Queries.WaitingPage(db, dueBy, skip, QueueFilter.PageSize).WithCancellation(ct))
                {
                    items.Add(item);
                }
            }

            var total = waitingTotal;
            if (!filter.OverdueOnly)
            {
                total = await Queries.OpenCount(db);
                if (items.Count < QueueFilter.PageSize && skip + items.Count < total)
                {
                    var open = db.Requests.AsNoTracking().Where(r => r.Status != RequestStatus.Closed);
                    var rest = open.Where(r => r.ContactedAt != null)
                        .OrderBy(r => r.AutoCloseAt ?? r.SubmittedAt)
                        .ThenBy(r => r.Number)
                        .Skip(Math.Max(0, skip - waitingTotal))
                        .Take(QueueFilter.PageSize - items.Count);
                    items.AddRange(await Project(rest).ToListAsync(ct));
                }
            }

            return new QueuePage(items, total, overdueCount, warningCount, page, QueueFilter.PageSize);
        }

        var query = db.Requests.AsNoTracking();
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
            db.Consultants.Where(c => c.Id == r.ConsultantId).Select(c => c.DisplayName).FirstOrDefault(),
            r.PreferredConsultantId,
            r.MotherContactDueAt,
            r.AutoCloseAt,
            r.ClosedAt,
            r.ClosedReason));
}
