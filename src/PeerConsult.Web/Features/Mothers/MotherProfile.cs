using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Mothers;

public sealed record MotherRequestLine(Guid Id, string Number, RequestStatus Status, DateTime SubmittedAt, ClosedReason? ClosedReason);

public sealed record DecisionLine(DateTime At, Eligibility From, Eligibility To, string Rule, string DecidedByRole, string? DecidedByName, string? Reason, IReadOnlyDictionary<string, string?> Evidence, IReadOnlyDictionary<string, string> Policy);

public sealed record ViolationLine(Guid Id, Guid MeetingId, ViolationKind Kind, DateTime OccurredAt, bool Active, DateTime? WaivedAt, string? WaivedByName, string? WaiveReason);

public sealed record MeetingLine(Guid Id, Guid RequestId, Guid ConsultantId, DateTime Start, DateTime End, MeetingStatus Status, Initiator? CancelledBy, bool? CancelledInTime);

public sealed record MotherProfileView(
    Guid Id,
    string Name,
    string Phone,
    string? Email,
    string TimeZone,
    Messenger Messenger,
    Eligibility Eligibility,
    DateTime CreatedAt,
    IReadOnlyList<DecisionLine> Decisions,
    IReadOnlyList<ViolationLine> Violations,
    int ActiveViolationsInWindow,
    IReadOnlyList<MotherRequestLine> Requests,
    DateOnly? NextBookableDate,
    IReadOnlyList<MeetingLine> Meetings);

/// <summary>R6: a mother's standing and how it came to be — every decision with its rule, evidence and policy.</summary>
public sealed class MotherProfileHandler(AppDbContext db, TimeProvider clock, IOptions<CenterPolicy> policy, ILogger<MotherProfileHandler> log)
{
    public async Task<MotherProfileView?> GetAsync(Guid id, CancellationToken ct)
    {
        var mother = await db.Mothers.AsNoTracking().Include(m => m.Decisions).Include(m => m.Violations).AsSplitQuery().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mother is null)
        {
            return null;
        }

        var deciders = mother.Decisions.Select(d => d.DecidedBy).Concat(mother.Violations.Select(v => v.WaivedBy)).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.Where(u => deciders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var requests = await db.Requests.AsNoTracking().Where(r => r.MotherId == id).OrderByDescending(r => r.SubmittedAt)
            .Select(r => new MotherRequestLine(r.Id, r.Number, r.Status, r.SubmittedAt, r.ClosedReason))
            .ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.MotherId == id).OrderByDescending(m => m.Start).ToListAsync(ct);
        return new MotherProfileView(
            mother.Id,
            mother.Name,
            mother.Phone,
            mother.Email,
            mother.TimeZone,
            mother.PreferredMessenger,
            mother.Eligibility,
            mother.CreatedAt,
            [.. mother.Decisions.OrderBy(d => d.At).Select(d => new DecisionLine(
                d.At, d.From, d.To, d.Rule, d.DecidedByRole, d.DecidedBy is { } by && names.TryGetValue(by, out var n) ? n : null, d.Reason, d.ReadEvidence(), d.ReadPolicy()))],
            [.. mother.Violations.OrderByDescending(v => v.OccurredAt).Select(v => new ViolationLine(
                v.Id, v.MeetingId, v.Kind, v.OccurredAt, v.IsActive, v.WaivedAt, v.WaivedBy is { } w && names.TryGetValue(w, out var wn) ? wn : null, v.WaiveReason))],
            mother.ActiveViolationsInWindow(clock.GetUtcNow().UtcDateTime, policy.Value),
            requests,
            WeeklyRule.NextBookableDate(meetings.Where(m => m.CountsForSpacing).Select(m => m.Start), policy.Value),
            [.. meetings.Select(m => new MeetingLine(m.Id, m.RequestId, m.ConsultantId, m.Start, m.End, m.Status, m.CancelledBy, m.CancelledInTime))]);
    }

    /// <summary>R5.3: an administrator waives one violation with a written reason (e.g. a technical failure on the Center's side).</summary>
    public async Task<Outcome<Guid>> WaiveAsync(Guid motherId, Guid violationId, string? reason, Actor administrator, CancellationToken ct)
    {
        var mother = await db.Mothers.Include(m => m.Violations).SingleOrDefaultAsync(m => m.Id == motherId, ct);
        if (mother is null)
        {
            return DomainError.Of(ErrorCodes.MotherNotFound);
        }

        var result = mother.WaiveViolation(violationId, administrator, reason, clock.GetUtcNow().UtcDateTime);
        if (!result.IsSuccess)
        {
            return result.Error!.Code is ErrorCodes.ReasonRequired or ErrorCodes.TooLong
                ? Outcome<Guid>.Invalid(new Dictionary<string, DomainError> { ["Reason"] = result.Error })
                : result.Error;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DomainError.Of(ErrorCodes.Concurrency);
        }

        log.LogInformation("Violation {ViolationId} of mother {MotherId} waived by an administrator", violationId, motherId);
        return Outcome<Guid>.Ok(violationId);
    }

    /// <summary>R5.3: an administrator gives her back the free service, with a written reason; audited as a decision.</summary>
    public async Task<Outcome<Eligibility>> ReinstateAsync(Guid id, string? reason, Actor administrator, CancellationToken ct)
    {
        var mother = await db.Mothers.Include(m => m.Decisions).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mother is null)
        {
            return DomainError.Of(ErrorCodes.MotherNotFound);
        }

        var result = mother.Reinstate(administrator, reason, clock.GetUtcNow().UtcDateTime);
        if (!result.IsSuccess)
        {
            return result.Error!.Code is ErrorCodes.ReasonRequired or ErrorCodes.TooLong
                ? Outcome<Eligibility>.Invalid(new Dictionary<string, DomainError> { ["Reason"] = result.Error })
                : result.Error;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DomainError.Of(ErrorCodes.Concurrency);
        }

        log.LogInformation("Mother {MotherId} reinstated by an administrator", id);
        return Outcome<Eligibility>.Ok(mother.Eligibility);
    }
}
