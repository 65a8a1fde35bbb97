using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Requests;

public sealed record RecordContactCommand(Guid RequestId, DateTime? At, ContactChannel Channel, string? Note);

public sealed record AssignConsultantCommand(Guid RequestId, Guid ConsultantId, string? Reason);

public sealed record ConsultantContactSentCommand(Guid RequestId, DateTime? At);

public sealed record MotherContactedCommand(Guid RequestId, DateTime? At);

public sealed record RequestChanged(Guid Id, RequestStatus Status);

/// <summary>
/// The administrator's actions on a request (R1.2, R1.3, R8). Each one is a domain method plus its audit line,
/// saved once; a concurrent change by someone else becomes a "reload" conflict, never a lost update.
/// </summary>
public sealed class RequestActionsHandler(
    AppDbContext db,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IOptions<PortalOptions> portal,
    MessageComposer composer,
    ILogger<RequestActionsHandler> log)
{
    public const string MotherConsultantChangedKind = "mother.consultant-changed";
    public const string ConsultantMeetingsCancelledKind = "consultant.meetings-cancelled-reassigned";
    public const string ConsultantNewMotherKind = "consultant.new-mother";
    public const int NoteMaxLength = 1000;
    public const int ReasonMaxLength = 500;

    public async Task<Outcome<RequestChanged>> RecordContactAsync(RecordContactCommand command, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Note is { Length: > NoteMaxLength })
        {
            return Outcome<RequestChanged>.Invalid(new Dictionary<string, DomainError> { ["Note"] = TooLong(NoteMaxLength) });
        }

        var now = Now();
        var request = await LoadAsync(command.RequestId, ct);
        if (request is null)
        {
            return NotFound();
        }

        var result = request.RecordContact(command.At ?? now, command.Channel, command.Note, by, now);
        return await SaveAsync(request, result, ct);
    }

    public async Task<Outcome<RequestChanged>> AssignAsync(AssignConsultantCommand command, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Reason is { Length: > ReasonMaxLength })
        {
            return Outcome<RequestChanged>.Invalid(new Dictionary<string, DomainError> { ["Reason"] = TooLong(ReasonMaxLength) });
        }

        var now = Now();

        // One unit of work the database may retry whole after a transient failure (PostgreSQL); it starts from a clean slate.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var request = await LoadAsync(command.RequestId, ct);
            if (request is null)
            {
                return NotFound();
            }

            if (!await db.Consultants.AnyAsync(c => c.Id == command.ConsultantId, ct))
            {
                return DomainError.Of(ErrorCodes.ConsultantNotFound);
            }

            // R8.3, R4.3: her meetings still booked with the consultant being replaced are cancelled by the Center.
            var open = request.ConsultantId is { } replaced
                ? await db.Meetings.Where(m => m.RequestId == request.Id && m.ConsultantId == replaced && m.Status == MeetingStatus.Scheduled && m.Start > now)
                    .OrderBy(m => m.Start).ToListAsync(ct)
                : [];
            var assigned = request.Assign(command.ConsultantId, command.Reason, by, now, open.Count);
            if (!assigned.IsSuccess)
            {
                return assigned.Error!;
            }

            if (assigned.Value is { } old && open.Count > 0)
            {
                await CancelForChangeAsync(request, old, open, now, ct);
            }

            await NotifyNewMotherAsync(request, command.ConsultantId, now, ct);

            await using var tx = await db.Database.BeginTransactionAsync(ct);

            // Capacity is a compare-and-set in the database: two administrators cannot both take her last place.
            var taken = await db.Consultants
                .Where(c => c.Id == command.ConsultantId && c.ActiveMothers < c.MaxActiveMothers)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ActiveMothers, c => c.ActiveMothers + 1).SetProperty(c => c.Version, c => c.Version + 1), ct);
            if (taken == 0)
            {
                return DomainError.Of(ErrorCodes.ConsultantAtCapacity);
            }

            if (assigned.Value is { } previous)
            {
                await db.Consultants.Where(c => c.Id == previous && c.ActiveMothers > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ActiveMothers, c => c.ActiveMothers - 1).SetProperty(c => c.Version, c => c.Version + 1), ct);
            }

            var saved = await SaveAsync(request, Result.Ok(), ct);
            if (saved.IsSuccess)
            {
                await tx.CommitAsync(ct);
            }

            return saved;
        });
    }

    public async Task<Outcome<RequestChanged>> ConsultantContactSentAsync(ConsultantContactSentCommand command, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now();
        var request = await LoadAsync(command.RequestId, ct);
        if (request is null)
        {
            return NotFound();
        }

        var result = request.MarkConsultantContactSent(command.At ?? now, by, now, policy.Value);
        return await SaveAsync(request, result, ct);
    }

    /// <summary>R2.3: she got in touch with her consultant (recorded for her by staff); her 24/48-hour clock stops.</summary>
    public Task<Outcome<RequestChanged>> MotherContactedAsync(MotherContactedCommand command, Actor by, CancellationToken ct) =>
        MarkMotherContactedAsync(db.Requests, command, by, ct);

    /// <summary>
    /// R2.3: the assigned consultant marks that the mother got in touch (with when it happened, not later than now).
    /// Ownership is in the query: another consultant's request is simply not found.
    /// </summary>
    public Task<Outcome<RequestChanged>> MotherContactedByConsultantAsync(MotherContactedCommand command, Guid consultantUserId, CancellationToken ct) =>
        MarkMotherContactedAsync(
            db.Requests.Where(r => db.Consultants.Any(c => c.Id == r.ConsultantId && c.UserId == consultantUserId)),
            command,
            Actor.Consultant(consultantUserId),
            ct);

    private async Task<Outcome<RequestChanged>> MarkMotherContactedAsync(IQueryable<ConsultationRequest> visible, MotherContactedCommand command, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now();
        var request = await visible.Include(r => r.Assignments).SingleOrDefaultAsync(r => r.Id == command.RequestId, ct);
        if (request is null)
        {
            return NotFound();
        }

        var result = request.MarkMotherContacted(command.At ?? now, by, now, policy.Value);
        return await SaveAsync(request, result, ct);
    }

    /// <summary>
    /// R8.3, R4.3: cancels her meetings with the replaced consultant as the Center (never a violation), frees their
    /// quarters and tells both her and the replaced consultant, all in the caller's transaction. Her row's version is
    /// bumped, as every meeting change does, so a booking of hers at the same moment is judged again.
    /// </summary>
    private async Task CancelForChangeAsync(ConsultationRequest request, Guid replaced, List<Meeting> meetings, DateTime now, CancellationToken ct)
    {
        var cancelled = meetings.Where(m => m.CancelForConsultantChange(now)).ToList();
        var ids = cancelled.Select(m => m.Id).ToList();
        await ConsultantTime.FreeAsync(db, ids, ct);
        var mother = await db.Mothers.SingleAsync(m => m.Id == request.MotherId, ct);
        db.Entry(mother).Property(m => m.Version).IsModified = true;

        var assignmentId = request.Assignments[^1].Id;
        var first = cancelled[0].Start;
        Queue(MotherConsultantChangedKind, $"consultant-changed:{assignmentId}", RecipientKind.Mother, request.MotherId, request.Id, new()
        {
            ["name"] = request.Name,
            ["number"] = request.Number,
            ["start"] = Times.Format(first, request.TimeZone, MessageComposer.DefaultCulture),
            ["count"] = cancelled.Count.ToString(CultureInfo.InvariantCulture),
            ["url"] = portal.Value.PublicBaseUrl.TrimEnd('/') + "/my",
        }, now);
        var zone = await db.Availabilities.Where(a => a.ConsultantId == replaced).Select(a => a.TimeZone).SingleOrDefaultAsync(ct)
            ?? await db.Consultants.Where(c => c.Id == replaced).Select(c => c.TimeZone).SingleAsync(ct);
        Queue(ConsultantMeetingsCancelledKind, $"meetings-cancelled-reassigned:{assignmentId}", RecipientKind.Consultant, replaced, request.Id, new()
        {
            ["number"] = request.Number,
            ["start"] = Times.Format(first, zone, MessageComposer.DefaultCulture),
            ["count"] = cancelled.Count.ToString(CultureInfo.InvariantCulture),
        }, now);
        log.LogInformation("Request {RequestId} re-assigned: {Count} meetings with the previous consultant cancelled by the Center", request.Id, cancelled.Count);
    }

    /// <summary>
    /// R1.3: the consultant just assigned hears that a mother is coming to her: her first name, the request number, the
    /// mother's zone (to agree a time) and what happens next — never her note or anything about her health. One notice
    /// per assignment; the consultant she replaces was told separately if meetings were cancelled.
    /// </summary>
    private async Task NotifyNewMotherAsync(ConsultationRequest request, Guid consultantId, DateTime now, CancellationToken ct)
    {
        var zone = await db.Availabilities.Where(a => a.ConsultantId == consultantId).Select(a => a.TimeZone).SingleOrDefaultAsync(ct)
            ?? await db.Consultants.Where(c => c.Id == consultantId).Select(c => c.TimeZone).SingleAsync(ct);
        var assignmentId = request.Assignments[^1].Id;
        Queue(ConsultantNewMotherKind, $"new-mother:{assignmentId}", RecipientKind.Consultant, consultantId, request.Id, new()
        {
            ["name"] = MeetingActionsHandler.FirstName(request.Name),
            ["number"] = request.Number,
            ["motherZone"] = Times.ZoneLabel(TimeZones.Find(request.TimeZone), now),
            ["url"] = portal.Value.PublicBaseUrl.TrimEnd('/') + "/consultant",
        }, now);
    }

    private void Queue(string kind, string dedupKey, RecipientKind recipient, Guid? recipientId, Guid? requestId, Dictionary<string, string> args, DateTime now) =>
        db.OutboxMessages.Add(OutboxMessage.Create(kind, dedupKey, recipient, recipientId, requestId, ChannelRouter.Auto, composer.Compose(kind, args), now, args));

    private static DomainError TooLong(int max) =>
        DomainError.Of(ErrorCodes.TooLong, ("max", max.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static DomainError NotFound() => DomainError.Of(ErrorCodes.RequestNotFound);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private Task<ConsultationRequest?> LoadAsync(Guid id, CancellationToken ct) =>
        db.Requests.Include(r => r.Assignments).SingleOrDefaultAsync(r => r.Id == id, ct);

    private async Task<Outcome<RequestChanged>> SaveAsync(ConsultationRequest request, Result result, CancellationToken ct)
    {
        if (!result.IsSuccess)
        {
            return result.Error!;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogInformation("Request {RequestId} changed concurrently; the caller must reload", request.Id);
            return DomainError.Of(ErrorCodes.Concurrency);
        }

        return Outcome<RequestChanged>.Ok(new RequestChanged(request.Id, request.Status));
    }
}
