using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.ConsultantDesk;

/// <summary>The signed-in consultant: her row is the one whose UserId is her account.</summary>
public sealed record DeskConsultant(Guid Id, string DisplayName, string TimeZone, bool HasCalendar);

public sealed record DeskMother(Guid RequestId, string Number, string Name, RequestStatus Status, string TimeZone, DateTime? ContactSentAt, DateTime? DueAt, DateTime? CloseAt);

public sealed record DeskMeeting(Guid Id, DateTime Start, DateTime End, MeetingStatus Status, string Number, string MotherName, string MotherZone);

public sealed record DeskView(DeskConsultant Me, IReadOnlyList<DeskMother> Mothers, IReadOnlyList<DeskMeeting> Upcoming, IReadOnlyList<DeskMeeting> NeedOutcome, IReadOnlyList<DeskMeeting> Recent);

/// <summary>
/// What a consultant sees and does on her own desk. Ownership is inside every query: only requests assigned to her
/// and meetings with her; anything else is simply not found.
/// </summary>
public sealed class ConsultantDeskHandler(AppDbContext db, TimeProvider clock, MessageComposer composer, ILogger<ConsultantDeskHandler> log)
{
    public const string CannotFindTimeKind = "admin.cannot-find-time";

    /// <summary>How far back the desk shows meetings whose outcome is already recorded.</summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromDays(14);

    public async Task<DeskConsultant?> MeAsync(Guid userId, CancellationToken ct)
    {
        var me = await db.Consultants.AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => new { c.Id, c.DisplayName, c.TimeZone }).SingleOrDefaultAsync(ct);
        if (me is null)
        {
            return null;
        }

        // Her hours carry the zone she works in; her profile's zone until she sets hours.
        var zone = await db.Availabilities.Where(a => a.ConsultantId == me.Id).Select(a => a.TimeZone).SingleOrDefaultAsync(ct) ?? me.TimeZone;
        var hasCalendar = await db.CalendarTokens.AnyAsync(t => t.ConsultantId == me.Id, ct);
        return new DeskConsultant(me.Id, me.DisplayName, zone, hasCalendar);
    }

    public async Task<DeskView?> LoadAsync(Guid userId, CancellationToken ct)
    {
        if (await MeAsync(userId, ct) is not { } me)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var mothers = await db.Requests.AsNoTracking()
            .Where(r => r.ConsultantId == me.Id && r.Status != RequestStatus.Closed)
            .OrderBy(r => r.MotherContactDueAt).ThenBy(r => r.SubmittedAt)
            .Select(r => new DeskMother(r.Id, r.Number, r.Name, r.Status, r.TimeZone, r.ConsultantContactSentAt, r.MotherContactDueAt, r.AutoCloseAt))
            .ToListAsync(ct);

        var since = now - RecentWindow;
        var meetings = await (
            from m in db.Meetings.AsNoTracking()
            join r in db.Requests on m.RequestId equals r.Id
            where m.ConsultantId == me.Id && (m.Status == MeetingStatus.Scheduled || m.Start >= since)
            orderby m.Start
            select new DeskMeeting(m.Id, m.Start, m.End, m.Status, r.Number, r.Name, r.TimeZone)).ToListAsync(ct);

        return new DeskView(
            me,
            mothers,
            [.. meetings.Where(m => m.Status == MeetingStatus.Scheduled && m.Start > now)],
            [.. meetings.Where(m => m.Status == MeetingStatus.Scheduled && m.Start <= now)],
            [.. meetings.Where(m => m.Status is not (MeetingStatus.Scheduled or MeetingStatus.Cancelled) && m.Start >= since).OrderByDescending(m => m.Start)]);
    }

    /// <summary>
    /// R8.3: she and the mother cannot find a time; the administrators are told (once per request and day) and the
    /// request's history keeps it. The message carries the request number and her name only, never health details.
    /// </summary>
    public async Task<Outcome<bool>> CannotFindTimeAsync(Guid requestId, Guid userId, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var request = await db.Requests
            .Where(r => r.Id == requestId && db.Consultants.Any(c => c.Id == r.ConsultantId && c.UserId == userId))
            .SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return DomainError.Of(ErrorCodes.RequestNotFound);
        }

        var dedupKey = $"cannot-find-time:{request.Id}:{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        if (await db.OutboxMessages.AnyAsync(m => m.DedupKey == dedupKey, ct))
        {
            // Already told today: pressing again changes nothing.
            return Outcome<bool>.Ok(false);
        }

        var reported = request.ReportCannotFindTime(note, Actor.Consultant(userId), now);
        if (!reported.IsSuccess)
        {
            return reported.Error!.Code == ErrorCodes.TooLong
                ? Outcome<bool>.Invalid(new Dictionary<string, DomainError> { ["Note"] = reported.Error })
                : reported.Error;
        }

        var consultant = await db.Consultants.Where(c => c.UserId == userId).Select(c => c.DisplayName).SingleAsync(ct);
        var body = composer.Compose(CannotFindTimeKind, new Dictionary<string, string> { ["number"] = request.Number, ["consultant"] = consultant });
        db.OutboxMessages.Add(OutboxMessage.Create(CannotFindTimeKind, dedupKey, RecipientKind.Administrators, null, request.Id, ChannelRouter.Auto, body, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DomainError.Of(ErrorCodes.Concurrency);
        }
        catch (DbUpdateException)
        {
            // The same notice was written a moment ago by a second press: the unique key kept it to one.
            return Outcome<bool>.Ok(false);
        }

        log.LogInformation("Request {RequestId}: consultant cannot find a time with the mother (R8.3); administrators told", request.Id);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>A new calendar address for her; the previous one stops working.</summary>
    public async Task<string?> ResetCalendarAsync(Guid userId, CancellationToken ct)
    {
        var consultantId = await db.Consultants.Where(c => c.UserId == userId).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
        if (consultantId is not { } id)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.CalendarTokens.SingleOrDefaultAsync(t => t.ConsultantId == id, ct);
        string token;
        if (row is null)
        {
            (row, token) = ConsultantCalendarToken.Issue(id, now);
            db.CalendarTokens.Add(row);
        }
        else
        {
            token = row.Reset(now);
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("Consultant {ConsultantId}: calendar address issued", id);
        return token;
    }
}
