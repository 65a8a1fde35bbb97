using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Video;

/// <summary>What the check page measured, as the browser reports it.</summary>
public sealed record CheckReport(bool CameraOk, bool MicrophoneOk, string? MediaProblem, double? DownloadMbps, double? UploadMbps, bool PlaceReady, string? Browser);

public enum CheckSaved
{
    /// <summary>Stored with her next meeting.</summary>
    Saved,

    /// <summary>She has no meeting ahead: shown to her, stored nowhere.</summary>
    NoMeeting,

    /// <summary>Not a mother or consultant (or not signed in): the check is hers alone.</summary>
    NotStored,

    Invalid,
}

/// <summary>
/// Keeps a signed-in mother's or consultant's check result with her next scheduled meeting (R7.1, R7.2), so the
/// consultant sees it before they start. It informs; nothing is ever refused because of it.
/// </summary>
public sealed class CheckHandler(AppDbContext db, TimeProvider clock, IOptions<CenterPolicy> policy, ILogger<CheckHandler> log)
{
    public static readonly string[] MediaProblems = ["denied", "no-device", "in-use", "insecure", "unsupported", "other"];

    /// <summary>No home connection is faster than this; a larger number is a broken or forged report.</summary>
    private const double MaxMbps = 100_000;

    public async Task<(CheckSaved Saved, Guid? MeetingId)> SaveAsync(CheckReport report, Caller? caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!IsValid(report))
        {
            return (CheckSaved.Invalid, null);
        }

        if (caller is null || !(caller.IsMother || caller.IsConsultant))
        {
            return (CheckSaved.NotStored, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var role = caller.IsMother ? ParticipantRole.Mother : ParticipantRole.Consultant;

        // Her next meeting: the one in progress or the next to start.
        var next = role == ParticipantRole.Mother
            ? db.Meetings.Where(m => db.Mothers.Any(x => x.Id == m.MotherId && x.UserId == caller.UserId))
            : db.Meetings.Where(m => db.Consultants.Any(c => c.Id == m.ConsultantId && c.UserId == caller.UserId));
        var meetingId = await next
            .Where(m => m.Status == MeetingStatus.Scheduled && m.End > now)
            .OrderBy(m => m.Start)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(ct);
        if (meetingId is not { } id)
        {
            return (CheckSaved.NoMeeting, null);
        }

        var browser = report.Browser is { Length: > PreMeetingCheck.BrowserMaxLength } b ? b[..PreMeetingCheck.BrowserMaxLength] : report.Browser;
        db.PreMeetingChecks.Add(PreMeetingCheck.Record(id, caller.UserId, role, report with { Browser = browser }, policy.Value.MinBandwidthMbps, now));
        await db.SaveChangesAsync(ct);
        log.LogInformation("Meeting {MeetingId}: pre-meeting check stored for the {Role}", id, role);
        return (CheckSaved.Saved, id);
    }

    private static bool IsValid(CheckReport report) =>
        Speed(report.DownloadMbps) && Speed(report.UploadMbps)
        && (report.MediaProblem is null || MediaProblems.Contains(report.MediaProblem, StringComparer.Ordinal));

    private static bool Speed(double? mbps) => mbps is null || (double.IsFinite(mbps.Value) && mbps.Value >= 0 && mbps.Value <= MaxMbps);
}
