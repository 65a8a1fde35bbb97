using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Video;

/// <summary>
/// /check: camera, microphone, connection and the R7.1 checklist, for anyone, any time. Signed in as a mother or a
/// consultant, the result is kept with her next meeting and shown to the consultant. It never blocks anything.
/// </summary>
[AllowAnonymous]
public sealed class CheckModel(
    CheckHandler checks,
    AppDbContext db,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IOptions<VideoOptions> video,
    IStringLocalizer<VideoText> text) : PageModel
{
    /// <summary>The texts the page's script shows, by key (so every word still comes from the resx).</summary>
    private static readonly string[] ScriptKeys =
    [
        "Media.Asking", "Media.CameraOk", "Media.MicOk", "Media.MicQuiet",
        "Media.Problem.denied", "Media.Problem.no-device", "Media.Problem.in-use", "Media.Problem.insecure", "Media.Problem.unsupported", "Media.Problem.other",
        "Net.Measuring", "Net.Result", "Net.Good", "Net.Slow", "Net.Failed", "Net.Busy",
        "Save.Saving", "Save.Saved", "Save.NoMeeting", "Save.NotStored", "Save.Failed",
    ];

    /// <summary>Signed in as a mother or consultant: her result is stored with this meeting.</summary>
    public DateTime? NextMeetingStart { get; private set; }

    public bool CanStore { get; private set; }

    public string Zone { get; private set; } = "Europe/Moscow";

    public double MinMbps => policy.Value.MinBandwidthMbps;

    public int MaxDownloadBytes => video.Value.MaxDownloadBytes;

    public int MaxUploadBytes => video.Value.MaxUploadBytes;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (User.Identity?.IsAuthenticated != true || User.UserId() is not { } userId)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        IQueryable<Meeting>? mine = null;
        if (User.IsInRole(Roles.Mother))
        {
            mine = db.Meetings.Where(m => db.Mothers.Any(x => x.Id == m.MotherId && x.UserId == userId));
            Zone = await db.Mothers.Where(x => x.UserId == userId).Select(x => x.TimeZone).SingleOrDefaultAsync(ct) ?? Zone;
        }
        else if (User.IsInRole(Roles.Consultant))
        {
            mine = db.Meetings.Where(m => db.Consultants.Any(c => c.Id == m.ConsultantId && c.UserId == userId));
            Zone = await db.Consultants.Where(c => c.UserId == userId).Select(c => c.TimeZone).SingleOrDefaultAsync(ct) ?? Zone;
        }

        if (mine is not null)
        {
            CanStore = true;
            NextMeetingStart = await mine.Where(m => m.Status == MeetingStatus.Scheduled && m.End > now).OrderBy(m => m.Start).Select(m => (DateTime?)m.Start).FirstOrDefaultAsync(ct);
        }
    }

    /// <summary>The browser's report (JSON). Answers what happened to it, in her words.</summary>
    public async Task<IActionResult> OnPostResultAsync([FromBody] CheckReport? report, CancellationToken ct)
    {
        if (report is null)
        {
            return BadRequest();
        }

        var caller = User.Identity?.IsAuthenticated == true && User.UserId() is not null ? Caller.From(User) : null;
        var (saved, _) = await checks.SaveAsync(report, caller, ct);
        return saved switch
        {
            CheckSaved.Invalid => BadRequest(),
            CheckSaved.Saved => new JsonResult(new { saved = true, message = text["Save.Saved"].Value }),
            CheckSaved.NoMeeting => new JsonResult(new { saved = false, message = text["Save.NoMeeting"].Value }),
            CheckSaved.NotStored => new JsonResult(new { saved = false, message = text["Save.NotStored"].Value }),
        };
    }

    public string Time(DateTime utc) => Times.Format(utc, TimeZones.IsValidIana(Zone) ? Zone : "Europe/Moscow");

    public string ScriptTexts() => JsonSerializer.Serialize(ScriptKeys.ToDictionary(k => k, k => text[k].Value));
}
