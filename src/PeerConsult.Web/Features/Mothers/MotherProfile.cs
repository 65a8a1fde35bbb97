using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Mothers;

public sealed record MotherRequestLine(Guid Id, string Number, RequestStatus Status, DateTime SubmittedAt, ClosedReason? ClosedReason);

public sealed record DecisionLine(DateTime At, Eligibility From, Eligibility To, string Rule, string DecidedByRole, string? DecidedByName, string? Reason, IReadOnlyDictionary<string, string?> Evidence, IReadOnlyDictionary<string, string> Policy);

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
    IReadOnlyList<MotherRequestLine> Requests);

/// <summary>R6: a mother's standing and how it came to be — every decision with its rule, evidence and policy.</summary>
public sealed class MotherProfileHandler(AppDbContext db, TimeProvider clock, ILogger<MotherProfileHandler> log)
{
    public async Task<MotherProfileView?> GetAsync(Guid id, CancellationToken ct)
    {
        var mother = await db.Mothers.AsNoTracking().Include(m => m.Decisions).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mother is null)
        {
            return null;
        }

        var deciders = mother.Decisions.Select(d => d.DecidedBy).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.Where(u => deciders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var requests = await db.Requests.AsNoTracking().Where(r => r.MotherId == id).OrderByDescending(r => r.SubmittedAt)
            .Select(r => new MotherRequestLine(r.Id, r.Number, r.Status, r.SubmittedAt, r.ClosedReason))
            .ToListAsync(ct);
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
            requests);
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
