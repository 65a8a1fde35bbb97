using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Video;

public sealed record JoinLine(DateTime At, ParticipantRole Role, JoinKind Kind, string? Name);

public sealed record CheckLine(ParticipantRole Role, CheckSummary Check);

/// <summary>A meeting as the administrator reviews it: who entered the room and when, the checks, and the outcome.</summary>
public sealed record AttendanceView(Guid MeetingId, Guid MotherId, string MotherName, string RequestNumber, string ConsultantName, DateTime Start, DateTime End, MeetingStatus Status, DateTime? OutcomeRecordedAt, IReadOnlyList<JoinLine> Joins, IReadOnlyList<CheckLine> Checks);

public sealed class AttendanceQuery(AppDbContext db)
{
    public async Task<AttendanceView?> GetAsync(Guid meetingId, CancellationToken ct)
    {
        var head = await (
            from m in db.Meetings.AsNoTracking()
            where m.Id == meetingId
            join r in db.Requests on m.RequestId equals r.Id
            join c in db.Consultants on m.ConsultantId equals c.Id
            select new { m.Id, m.MotherId, Mother = r.Name, r.Number, Consultant = c.DisplayName, m.Start, m.End, m.Status, m.OutcomeRecordedAt }).SingleOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var joins = await (
            from j in db.MeetingJoins.AsNoTracking()
            where j.MeetingId == meetingId
            join u in db.Users on j.UserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            orderby j.At
            select new { j.At, j.Role, j.Kind, Name = u == null ? null : u.DisplayName }).ToListAsync(ct);
        var checks = await db.PreMeetingChecks.AsNoTracking()
            .Where(c => c.MeetingId == meetingId)
            .OrderBy(c => c.At)
            .Select(c => new CheckLine(c.Role, new CheckSummary(c.At, c.CameraOk, c.MicrophoneOk, c.MediaProblem, c.DownloadMbps, c.UploadMbps, c.ConnectionOk, c.PlaceReady, c.Browser)))
            .ToListAsync(ct);

        // The mother's account carries no display name of her own; her name is the request's.
        return new AttendanceView(
            head.Id, head.MotherId, head.Mother, head.Number, head.Consultant, head.Start, head.End, head.Status, head.OutcomeRecordedAt,
            [.. joins.Select(j => new JoinLine(j.At, j.Role, j.Kind, j.Role == ParticipantRole.Mother ? head.Mother : head.Consultant))],
            checks);
    }
}

public static class AttendanceApi
{
    /// <summary>GET /api/v1/meetings/{id}/attendance: the administrator's view of the room's log, the checks and the outcome.</summary>
    public static RouteGroupBuilder MapAttendanceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/meetings/{id:guid}/attendance", async (Guid id, AttendanceQuery query, IStringLocalizer<ErrorText> errors, CancellationToken ct) =>
            await query.GetAsync(id, ct) is { } view
                ? Results.Ok(new
                {
                    view.MeetingId,
                    start = Times.Iso(view.Start),
                    end = Times.Iso(view.End),
                    status = view.Status.ToString(),
                    outcomeRecordedAt = view.OutcomeRecordedAt is { } at ? Times.Iso(at) : null,
                    joins = view.Joins.Select(j => new { at = Times.Iso(j.At), role = j.Role.ToString(), kind = j.Kind.ToString() }),
                    checks = view.Checks.Select(c => new
                    {
                        role = c.Role.ToString(),
                        at = Times.Iso(c.Check.At),
                        c.Check.CameraOk,
                        c.Check.MicrophoneOk,
                        c.Check.MediaProblem,
                        c.Check.DownloadMbps,
                        c.Check.UploadMbps,
                        c.Check.ConnectionOk,
                        c.Check.PlaceReady,
                        c.Check.Browser,
                    }),
                })
                : errors.Problem(DomainError.Of(ErrorCodes.MeetingNotFound)))
            .RequireAuthorization(Policies.Administrator);
        return api;
    }
}
