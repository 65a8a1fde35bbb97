using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Requests;

public sealed record ConsultantChoice(Guid Id, string DisplayName, int ActiveMothers, int MaxActiveMothers, bool Published, string TimeZone)
{
    public bool HasCapacity => ActiveMothers < MaxActiveMothers;
}

public sealed record HistoryLine(DateTime At, RequestEventKind Kind, string ActorRole, string? ActorName, IReadOnlyDictionary<string, string?> Data, IReadOnlyDictionary<string, string> Policy);

public sealed record RequestView(
    ConsultationRequest Request,
    Eligibility MotherEligibility,
    ConsultantChoice? Consultant,
    ConsultantChoice? Preferred,
    IReadOnlyList<HistoryLine> History,
    IReadOnlyDictionary<Guid, string> ConsultantNames);

/// <summary>One request with everything the administrator needs on its page: details, clocks, history, names.</summary>
public sealed class RequestViewHandler(AppDbContext db)
{
    public async Task<RequestView?> HandleAsync(Guid id, CancellationToken ct)
    {
        var request = await db.Requests.AsNoTracking()
            .Include(r => r.History)
            .Include(r => r.Contacts)
            .Include(r => r.Assignments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return null;
        }

        var eligibility = await db.Mothers.Where(m => m.Id == request.MotherId).Select(m => m.Eligibility).SingleAsync(ct);
        // History lines name consultants too (a mother's earlier choice may no longer be her preference).
        var named = request.History.SelectMany(h => h.ReadData())
            .Where(d => d.Key.EndsWith("onsultantId", StringComparison.Ordinal))
            .Select(d => Guid.TryParse(d.Value, out var g) ? g : Guid.Empty);
        var consultantIds = request.Assignments.Select(a => a.ConsultantId)
            .Append(request.PreferredConsultantId ?? Guid.Empty)
            .Concat(named)
            .Where(x => x != Guid.Empty)
            .Distinct()
            .ToList();
        var consultants = await db.Consultants.AsNoTracking().Where(c => consultantIds.Contains(c.Id))
            .Select(c => new ConsultantChoice(c.Id, c.DisplayName, c.ActiveMothers, c.MaxActiveMothers, c.Published, c.TimeZone))
            .ToDictionaryAsync(c => c.Id, ct);
        var actorIds = request.History.Select(h => h.ActorUserId).OfType<Guid>().Distinct().ToList();
        var actors = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var history = request.History.OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new HistoryLine(h.At, h.Kind, h.ActorRole, h.ActorUserId is { } a && actors.TryGetValue(a, out var n) ? n : null, h.ReadData(), h.ReadPolicy()))
            .ToList();
        return new RequestView(
            request,
            eligibility,
            request.ConsultantId is { } cid ? consultants.GetValueOrDefault(cid) : null,
            request.PreferredConsultantId is { } pid ? consultants.GetValueOrDefault(pid) : null,
            history,
            consultants.ToDictionary(c => c.Key, c => c.Value.DisplayName));
    }

    /// <summary>Consultants an administrator can pick from, with how much room each has.</summary>
    public Task<List<ConsultantChoice>> ChoicesAsync(CancellationToken ct) =>
        db.Consultants.AsNoTracking().OrderBy(c => c.DisplayName)
            .Select(c => new ConsultantChoice(c.Id, c.DisplayName, c.ActiveMothers, c.MaxActiveMothers, c.Published, c.TimeZone))
            .ToListAsync(ct);
}
