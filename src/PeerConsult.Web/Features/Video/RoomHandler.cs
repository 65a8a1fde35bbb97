using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Video;

/// <summary>The mother's latest pre-meeting check for a meeting, as the consultant sees it before they start.</summary>
public sealed record CheckSummary(DateTime At, bool CameraOk, bool MicrophoneOk, string? MediaProblem, double? DownloadMbps, double? UploadMbps, bool ConnectionOk, bool PlaceReady, string? Browser);

/// <summary>What the room page needs. <see cref="Room"/> and <see cref="Token"/> are set only while the room is open.</summary>
public sealed record RoomView(
    Guid MeetingId,
    DateTime Start,
    DateTime End,
    MeetingStatus Status,
    ParticipantRole Me,
    string MyName,
    string OtherName,
    string TimeZone,
    RoomWindow Window,
    RoomPhase Phase,
    DateTime Now)
{
    public string? Room { get; init; }

    public string? Token { get; init; }

    /// <summary>For the consultant: the mother's latest check for this meeting (null: she has not done one).</summary>
    public CheckSummary? MotherCheck { get; init; }

    /// <summary>The room is entered only while the meeting is scheduled and inside its window.</summary>
    public bool IsOpen => Status == MeetingStatus.Scheduled && Phase == RoomPhase.Open;
}

public sealed record RoomState(DateTime Now, MeetingStatus Status, RoomPhase Phase);

/// <summary>
/// A meeting's video room (R3.3, R7): only its mother and its consultant, only inside the room window; everyone else
/// finds nothing. Ownership is inside the query, as everywhere (a mother through her record's account, a consultant
/// through hers). The consultant is the room's moderator.
/// </summary>
public sealed class RoomHandler(AppDbContext db, TimeProvider clock, IOptions<VideoOptions> options, ILogger<RoomHandler> log)
{
    private VideoOptions Options => options.Value;

    /// <summary>The room as the caller sees it now, recorded as her opening the page (a join event).</summary>
    public Task<RoomView?> OpenAsync(Guid meetingId, Caller caller, CancellationToken ct) => OpenAsync(meetingId, caller, true, ct);

    /// <summary>The room as the caller sees it now; <paramref name="recordOpening"/>: this is her opening the page (a join event).</summary>
    public async Task<RoomView?> OpenAsync(Guid meetingId, Caller caller, bool recordOpening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await FindAsync(meetingId, caller, ct);
        if (found is null)
        {
            return null;
        }

        var (meeting, me) = found.Value;
        var names = await (
            from r in db.Requests
            where r.Id == meeting.RequestId
            join c in db.Consultants on meeting.ConsultantId equals c.Id
            select new { Mother = r.Name, MotherZone = r.TimeZone, Consultant = c.DisplayName, ConsultantZone = c.TimeZone }).SingleAsync(ct);
        var consultantZone = await db.Availabilities.Where(a => a.ConsultantId == meeting.ConsultantId).Select(a => a.TimeZone).SingleOrDefaultAsync(ct) ?? names.ConsultantZone;
        var window = RoomWindow.For(meeting.Start, meeting.End, Options.OpenBefore, Options.OpenAfter);
        var view = new RoomView(
            meeting.Id,
            meeting.Start,
            meeting.End,
            meeting.Status,
            me,
            me == ParticipantRole.Mother ? names.Mother : names.Consultant,
            me == ParticipantRole.Mother ? names.Consultant : names.Mother,
            me == ParticipantRole.Mother ? names.MotherZone : consultantZone,
            window,
            window.PhaseAt(now),
            now);

        if (me == ParticipantRole.Consultant)
        {
            view = view with { MotherCheck = await LatestCheckAsync(meeting.Id, ParticipantRole.Mother, ct) };
        }

        if (!view.IsOpen)
        {
            return view;
        }

        var room = await RoomNameAsync(meeting.Id, now, ct);
        string? token = null;
        if (Options.UsesTokens)
        {
            // Valid only while the room is open: the Jitsi server itself refuses the room outside the window.
            token = JitsiToken.Create(Options, room, new RoomParticipant(caller.UserId, view.MyName, me == ParticipantRole.Consultant), now, window.Opens, window.Closes);
        }

        if (recordOpening)
        {
            db.MeetingJoins.Add(MeetingJoin.Record(meeting.Id, caller.UserId, me, JoinKind.Opened, now));
            await db.SaveChangesAsync(ct);
            log.LogInformation("Meeting {MeetingId}: room opened by the {Role}", meeting.Id, me);
        }

        return view with { Room = room, Token = token };
    }

    /// <summary>The server's clock and the meeting's status, for the page's countdown and for noticing an outcome.</summary>
    public async Task<RoomState?> StateAsync(Guid meetingId, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await FindAsync(meetingId, caller, ct) is not var (meeting, _))
        {
            return null;
        }

        var window = RoomWindow.For(meeting.Start, meeting.End, Options.OpenBefore, Options.OpenAfter);
        return new RoomState(now, meeting.Status, window.PhaseAt(now));
    }

    /// <summary>Jitsi told the page that this person joined or left; recorded only while the room is open.</summary>
    public async Task<bool> RecordAsync(Guid meetingId, JoinKind kind, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (kind == JoinKind.Opened || await FindAsync(meetingId, caller, ct) is not var (meeting, me))
        {
            return false;
        }

        if (meeting.Status != MeetingStatus.Scheduled || RoomWindow.For(meeting.Start, meeting.End, Options.OpenBefore, Options.OpenAfter).PhaseAt(now) != RoomPhase.Open)
        {
            return false;
        }

        db.MeetingJoins.Add(MeetingJoin.Record(meeting.Id, caller.UserId, me, kind, now));
        await db.SaveChangesAsync(ct);
        return true;
    }

    public Task<CheckSummary?> LatestCheckAsync(Guid meetingId, ParticipantRole role, CancellationToken ct) =>
        db.PreMeetingChecks.AsNoTracking()
            .Where(c => c.MeetingId == meetingId && c.Role == role)
            .OrderByDescending(c => c.At)
            .Select(c => new CheckSummary(c.At, c.CameraOk, c.MicrophoneOk, c.MediaProblem, c.DownloadMbps, c.UploadMbps, c.ConnectionOk, c.PlaceReady, c.Browser))
            .FirstOrDefaultAsync(ct);

    /// <summary>The meeting and the caller's part in it; null when it is not hers (administrators included: the room is for the two of them).</summary>
    private async Task<(Meeting Meeting, ParticipantRole Role)?> FindAsync(Guid meetingId, Caller caller, CancellationToken ct)
    {
        if (caller.IsMother)
        {
            var mine = await db.Meetings.AsNoTracking()
                .Where(m => m.Id == meetingId && db.Mothers.Any(x => x.Id == m.MotherId && x.UserId == caller.UserId))
                .SingleOrDefaultAsync(ct);
            if (mine is not null)
            {
                return (mine, ParticipantRole.Mother);
            }
        }

        if (caller.IsConsultant)
        {
            var hers = await db.Meetings.AsNoTracking()
                .Where(m => m.Id == meetingId && db.Consultants.Any(c => c.Id == m.ConsultantId && c.UserId == caller.UserId))
                .SingleOrDefaultAsync(ct);
            if (hers is not null)
            {
                return (hers, ParticipantRole.Consultant);
            }
        }

        return null;
    }

    private async Task<string> RoomNameAsync(Guid meetingId, DateTime now, CancellationToken ct)
    {
        if (await db.MeetingRooms.AsNoTracking().Where(r => r.MeetingId == meetingId).Select(r => r.Name).SingleOrDefaultAsync(ct) is { } existing)
        {
            return existing;
        }

        var room = MeetingRoom.Create(meetingId, now);
        db.MeetingRooms.Add(room);
        try
        {
            await db.SaveChangesAsync(ct);
            return room.Name;
        }
        catch (DbUpdateException)
        {
            // The other participant made it a moment ago: the primary key kept it to one room; use theirs.
            db.Entry(room).State = EntityState.Detached;
            return await db.MeetingRooms.AsNoTracking().Where(r => r.MeetingId == meetingId).Select(r => r.Name).SingleAsync(ct);
        }
    }
}
