using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Portal;

/// <summary>A published consultant with a free place, as the mother may choose her.</summary>
public sealed record ChangeChoice(Guid Id, string DisplayName);

/// <summary>
/// R8.1, R8.2: the mother asks for another consultant from her page. The request's history keeps it (with her choice,
/// which becomes her preference) and the administrators are told once per request and day; they confirm by assigning.
/// The message carries the request number only, never her note or anything about her health.
/// </summary>
public sealed class ConsultantChangeHandler(AppDbContext db, TimeProvider clock, MessageComposer composer, ILogger<ConsultantChangeHandler> log)
{
    public const string AdminKind = "admin.consultant-change-requested";

    /// <summary>Consultants she may ask for: published, with room, not the one she has.</summary>
    public Task<List<ChangeChoice>> ChoicesAsync(Guid? current, CancellationToken ct) =>
        db.Consultants.AsNoTracking()
            .Where(c => c.Published && c.ActiveMothers < c.MaxActiveMothers && c.Id != current)
            .OrderBy(c => c.DisplayName)
            .Select(c => new ChangeChoice(c.Id, c.DisplayName))
            .ToListAsync(ct);

    /// <summary>True when the administrators were told now; false when they had already been told today.</summary>
    public async Task<Outcome<bool>> RequestAsync(Guid userId, Guid? wantedConsultantId, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // Ownership inside the query: her own open request, found through her account (from her mother record to
        // her requests, both by index; not a per-request "is this hers" test over every open request).
        var request = await (
                from m in db.Mothers
                where m.UserId == userId
                join r in db.Requests on m.Id equals r.MotherId
                where r.Status != RequestStatus.Closed
                orderby r.SubmittedAt descending
                select r)
            .FirstOrDefaultAsync(ct);
        if (request is null)
        {
            return DomainError.Of(ErrorCodes.RequestNotFound);
        }

        if (wantedConsultantId is { } wanted
            && !await db.Consultants.AnyAsync(c => c.Id == wanted && c.Published && c.ActiveMothers < c.MaxActiveMothers, ct))
        {
            return Outcome<bool>.Invalid(new Dictionary<string, DomainError> { ["ConsultantId"] = DomainError.Of(ErrorCodes.ConsultantNotFound) });
        }

        var asked = request.RequestConsultantChange(wantedConsultantId, note, Actor.Mother(userId), now);
        if (!asked.IsSuccess)
        {
            return asked.Error!.Code switch
            {
                ErrorCodes.TooLong => Outcome<bool>.Invalid(new Dictionary<string, DomainError> { ["Note"] = asked.Error }),
                ErrorCodes.AlreadyAssigned => Outcome<bool>.Invalid(new Dictionary<string, DomainError> { ["ConsultantId"] = asked.Error }),
                _ => asked.Error,
            };
        }

        var dedupKey = $"consultant-change:{request.Id}:{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var told = await db.OutboxMessages.AnyAsync(m => m.DedupKey == dedupKey, ct);
        if (!told)
        {
            var body = composer.Compose(AdminKind, new Dictionary<string, string> { ["number"] = request.Number });
            db.OutboxMessages.Add(OutboxMessage.Create(AdminKind, dedupKey, RecipientKind.Administrators, null, request.Id, ChannelRouter.Auto, body, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent change of the request, or a second press writing the same notice: nothing was saved.
            return DomainError.Of(ErrorCodes.Concurrency);
        }

        log.LogInformation("Request {RequestId}: the mother asked for another consultant (R8.1)", request.Id);
        return Outcome<bool>.Ok(!told);
    }
}
