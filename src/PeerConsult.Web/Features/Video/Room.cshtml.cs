using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Video;

/// <summary>
/// /meetings/{id}/room: the meeting itself, for its mother and its consultant only (anyone else: not found). Signed
/// out, she is sent to sign in and brought back. The countdown runs on the server's clock (state polled), never the phone's.
/// </summary>
[AllowAnonymous]
public sealed class RoomModel(
    RoomHandler rooms,
    MeetingActionsHandler meetings,
    IOptions<VideoOptions> options,
    IStringLocalizer<VideoText> text,
    IStringLocalizer<ErrorText> errors) : PageModel
{
    public RoomView View { get; private set; } = null!;

    public VideoOptions Video => options.Value;

    [TempData]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid meetingId, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return SignInFirst();
        }

        Response.Headers.CacheControl = "no-store";
        var view = await rooms.OpenAsync(meetingId, Caller.From(User), ct);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }

    /// <summary>The server's clock and the meeting's status; the page re-syncs its countdown and notices an outcome.</summary>
    public async Task<IActionResult> OnGetStateAsync(Guid meetingId, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Unauthorized();
        }

        Response.Headers.CacheControl = "no-store";
        var state = await rooms.StateAsync(meetingId, Caller.From(User), ct);
        return state is null ? NotFound() : new JsonResult(new { now = Times.Iso(state.Now), status = state.Status.ToString(), phase = state.Phase.ToString() });
    }

    /// <summary>Jitsi's "joined" and "left", reported by the page.</summary>
    public async Task<IActionResult> OnPostEventAsync(Guid meetingId, string? kind, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Unauthorized();
        }

        if (!Enum.TryParse<JoinKind>(kind, ignoreCase: false, out var parsed) || parsed == JoinKind.Opened)
        {
            return BadRequest();
        }

        return await rooms.RecordAsync(meetingId, parsed, Caller.From(User), ct) ? new NoContentResult() : NotFound();
    }

    /// <summary>R7.3: her video is off; the consultant refuses the consultation (a violation, R5.1), after confirming.</summary>
    public async Task<IActionResult> OnPostRefuseVideoOffAsync(Guid meetingId, bool confirmed, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return SignInFirst();
        }

        var caller = Caller.From(User);
        var view = await rooms.OpenAsync(meetingId, caller, recordOpening: false, ct);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        if (view.Me != ParticipantRole.Consultant)
        {
            return NotFound();
        }

        if (!confirmed)
        {
            Error = text["Refuse.Confirm"];
            return Page();
        }

        var result = await meetings.RecordOutcomeAsync(meetingId, MeetingOutcome.RefusedVideoOff, caller, ct);
        if (!result.IsSuccess)
        {
            Error = errors.Message(result.Error ?? result.FieldErrors!.Values.First());
            return Page();
        }

        Notice = text["Refuse.Done"];
        return RedirectToPage(new { meetingId });
    }

    public string Time(DateTime utc) => Times.Format(utc, TimeZones.IsValidIana(View.TimeZone) ? View.TimeZone : "Europe/Moscow");

    public string JitsiScript => new Uri(Video.BaseUri, "external_api.js").ToString();

    /// <summary>The room in Jitsi's own page, for when the embedded one cannot load (and for her phone's Jitsi app).</summary>
    public string DirectLink
    {
        get
        {
            var url = new Uri(Video.BaseUri, Uri.EscapeDataString(View.Room!)).ToString();
            if (View.Token is { } token)
            {
                url += "?jwt=" + Uri.EscapeDataString(token);
            }

            // R3.3: camera and microphone start on, whichever way she enters.
            return url + "#config.startWithAudioMuted=false&config.startWithVideoMuted=false&config.prejoinConfig.enabled=false";
        }
    }

    public string UiLanguage => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static int Ms(TimeSpan span) => (int)span.TotalMilliseconds;

    /// <summary>Signed out: mothers sign in on /my (one-time codes), staff on /account/login, which brings them back here.</summary>
    public bool NeedsSignIn { get; private set; }

    public string StaffSignIn => "/account/login?ReturnUrl=" + Uri.EscapeDataString(Request.Path);

    private PageResult SignInFirst()
    {
        NeedsSignIn = true;
        return Page();
    }
}
