using Microsoft.EntityFrameworkCore;
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

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Total, int OverdueCount, int WarningCount, int Page, int PageSize);

/// <summary>
/// R1.2: the administrator's queue, most urgent first: requests still waiting for her contact by due time
/// (overdue ones lead), then the rest by their next clock.
/// </summary>
public sealed class QueueHandler(AppDbContext db, TimeProvider clock)
{
    public async Task<QueuePage> HandleAsync(QueueFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow().UtcDateTime;
        var open = db.Requests.AsNoTracking().Where(r => r.Status != RequestStatus.Closed);
        var waiting = open.Where(r => r.ContactedAt == null);
        var overdueCount = await waiting.CountAsync(r => r.AdminDueAt <= now, ct);
        var warningCount = await waiting.CountAsync(r => r.AdminWarningAt <= now && r.AdminDueAt > now, ct);

        var page = Math.Max(1, filter.Page);
        var skip = (page - 1) * QueueFilter.PageSize;
        if (filter.Status is null && !filter.IncludeClosed)
        {
            // The default view and the overdue filter (nearly every visit): open requests, those still waiting for
            // her contact first by due time, then the rest by their next clock. Read as two ordered segments rather
            // than one sort over every open request; the waiting ones come from a small partial index
            // (IX_Requests_Waiting), so the first pages cost what is waiting, not the Center's whole caseload.
            var waitingTotal = filter.OverdueOnly ? overdueCount : await waiting.CountAsync(ct);
            var firstSegment = filter.OverdueOnly ? waiting.Where(r => r.AdminDueAt <= now) : waiting;
            var items = await Project(firstSegment.OrderBy(r => r.AdminDueAt).ThenBy(r => r.Number).Skip(skip).Take(QueueFilter.PageSize)).ToListAsync(ct);
            var total = waitingTotal;
            if (!filter.OverdueOnly)
            {
                total = await open.CountAsync(ct);
                if (items.Count < QueueFilter.PageSize && skip + items.Count < total)
                {
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
