using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Portal;

/// <summary>Her consultant as she may see her: the phone only once the Center has sent her the contact (R1.3).</summary>
public sealed record PortalConsultant(string Name, string? Phone);

public sealed record PortalRequest(Guid Id, string Number, RequestStatus Status, DateTime AdminDueAt, DateTime? MotherContactDueAt, DateTime? AutoCloseAt, PortalConsultant? Consultant, Guid? ConsultantId)
{
    /// <summary>She books herself once she has her consultant's contact (R2.3).</summary>
    public bool MayBook => Status is RequestStatus.AwaitingMotherContact or RequestStatus.InTouch && ConsultantId is not null;
}

/// <summary>Her next scheduled meeting; <see cref="ChangeDeadline"/> is the last instant she may move or cancel it herself (R4.1).</summary>
public sealed record PortalMeeting(Guid Id, DateTime Start, DateTime End, DateTime ChangeDeadline);

/// <summary>One of her past or cancelled meetings, and whether it counted as missed or moved (R5.1).</summary>
public sealed record PortalPastMeeting(DateTime Start, MeetingStatus Status, Initiator? CancelledBy, bool Counted);

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
    PortalRequest? Current)
{
    /// <summary>Her consultant's time zone (her hours' zone, else her profile's).</summary>
    public string? ConsultantTimeZone { get; init; }

    public PortalMeeting? NextMeeting { get; init; }

    /// <summary>R3.2: the first Center-zone date she may book again; null when nothing limits her.</summary>
    public DateOnly? NextBookableDate { get; init; }

    /// <summary>Her history: meetings that took place, were missed or were cancelled, newest first.</summary>
    public IReadOnlyList<PortalPastMeeting> History { get; init; } = [];
}

/// <summary>The signed-in mother's own page. Everything is found through her account id inside the query, never by an id from the URL.</summary>
public sealed class MotherPortalHandler(AppDbContext db, TimeProvider clock, IOptions<CenterPolicy> policy)
{
    public const int HistoryLength = 20;

    public async Task<PortalView?> GetAsync(Guid userId, CancellationToken ct)
    {
        var mother = await db.Mothers.AsNoTracking().Include(m => m.Violations).SingleOrDefaultAsync(m => m.UserId == userId, ct);
        if (mother is null)
        {
            return null;
        }

        var request = await db.Requests.AsNoTracking()
            // Her open request by her mother id (found above through her account): a lookup in the unique partial
            // index IX_Requests_MotherId_Open. A correlated "her mother record exists" test instead made SQLite walk
            // every open request of the Center (docs/perf-queue.md).
            .Where(r => r.MotherId == mother.Id && r.Status != RequestStatus.Closed)
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => new { r.Id, r.Number, r.Status, r.AdminDueAt, r.MotherContactDueAt, r.AutoCloseAt, r.ConsultantId })
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

            current = new PortalRequest(request.Id, request.Number, request.Status, request.AdminDueAt, request.MotherContactDueAt, request.AutoCloseAt, consultant, request.ConsultantId);
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

        string? consultantZone = null;
        if (current?.ConsultantId is { } cid)
        {
            consultantZone = await db.Availabilities.AsNoTracking().Where(a => a.ConsultantId == cid).Select(a => a.TimeZone).SingleOrDefaultAsync(ct)
                ?? await db.Consultants.AsNoTracking().Where(c => c.Id == cid).Select(c => c.TimeZone).SingleAsync(ct);
        }

        var next = await db.Meetings.AsNoTracking()
            .Where(m => m.MotherId == mother.Id && m.Status == MeetingStatus.Scheduled && m.End > now)
            .OrderBy(m => m.Start)
            .FirstOrDefaultAsync(ct);
        var past = await db.Meetings.AsNoTracking()
            .Where(m => m.MotherId == mother.Id && (m.Status != MeetingStatus.Scheduled || m.End <= now))
            .OrderByDescending(m => m.Start)
            .Take(HistoryLength)
            .Select(m => new { m.Id, m.Start, m.Status, m.CancelledBy })
            .ToListAsync(ct);
        var countedMeetings = mother.Violations.Where(v => v.IsActive).Select(v => v.MeetingId).ToHashSet();
        var counting = await MeetingRules.CountingStartsAsync(db, mother.Id, null, ct);
        var bookable = WeeklyRule.NextBookableDate(counting, p);
        var today = WeeklyRule.CenterDate(now, p);

        return new PortalView(mother.Name, mother.TimeZone, mother.Eligibility, active, lastChanceUntil, current)
        {
            ConsultantTimeZone = consultantZone,
            NextMeeting = next is null ? null : new PortalMeeting(next.Id, next.Start, next.End, next.ChangeDeadline(p)),
            NextBookableDate = bookable > today ? bookable : null,
            History = [.. past.Select(m => new PortalPastMeeting(m.Start, m.Status, m.CancelledBy, countedMeetings.Contains(m.Id)))],
        };
    }
}
