using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Portal;

/// <summary>Her consultant as she may see her: the phone only once the Center has sent her the contact (R1.3).</summary>
public sealed record PortalConsultant(string Name, string? Phone);

public sealed record PortalRequest(string Number, RequestStatus Status, DateTime AdminDueAt, DateTime? MotherContactDueAt, DateTime? AutoCloseAt, PortalConsultant? Consultant);

/// <summary>
/// What the mother's portal shows. <see cref="LastChanceUntil"/>: one more violation before then refuses the free
/// service (R5.2); null when she is not that close.
/// </summary>
public sealed record PortalView(
    string Name,
    string TimeZone,
    Eligibility Eligibility,
    int ActiveViolations,
    DateTime? LastChanceUntil,
    PortalRequest? Current);

/// <summary>The signed-in mother's own page. Everything is found through her account id inside the query, never by an id from the URL.</summary>
public sealed class MotherPortalHandler(AppDbContext db, TimeProvider clock, IOptions<CenterPolicy> policy)
{
    public async Task<PortalView?> GetAsync(Guid userId, CancellationToken ct)
    {
        var mother = await db.Mothers.AsNoTracking().Include(m => m.Violations).SingleOrDefaultAsync(m => m.UserId == userId, ct);
        if (mother is null)
        {
            return null;
        }

        var request = await db.Requests.AsNoTracking()
            .Where(r => r.Status != RequestStatus.Closed && db.Mothers.Any(m => m.Id == r.MotherId && m.UserId == userId))
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => new { r.Number, r.Status, r.AdminDueAt, r.MotherContactDueAt, r.AutoCloseAt, r.ConsultantId })
            .FirstOrDefaultAsync(ct);
        PortalRequest? current = null;
        if (request is not null)
        {
            PortalConsultant? consultant = null;
            if (request.ConsultantId is { } consultantId)
            {
                var c = await db.Consultants.AsNoTracking().Where(x => x.Id == consultantId).Select(x => new { x.DisplayName, x.Phone }).SingleAsync(ct);
                var contactSent = request.Status is RequestStatus.AwaitingMotherContact or RequestStatus.InTouch;
                consultant = new PortalConsultant(c.DisplayName, contactSent ? Phones.Pretty(c.Phone) : null);
            }

            current = new PortalRequest(request.Number, request.Status, request.AdminDueAt, request.MotherContactDueAt, request.AutoCloseAt, consultant);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var p = policy.Value;
        var active = mother.ActiveViolationsInWindow(now, p);
        DateTime? lastChanceUntil = null;
        if (mother.Eligibility == Eligibility.Eligible && active > 0 && active >= p.MaxViolations)
        {
            // The danger lasts while her oldest counted violation is still inside the window.
            lastChanceUntil = mother.Violations.Where(v => v.IsActive && v.OccurredAt > now - p.ViolationWindow && v.OccurredAt <= now)
                .Min(v => v.OccurredAt) + p.ViolationWindow;
        }

        return new PortalView(mother.Name, mother.TimeZone, mother.Eligibility, active, lastChanceUntil, current);
    }
}
