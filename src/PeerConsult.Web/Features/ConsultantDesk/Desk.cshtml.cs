using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Requests;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.ConsultantDesk;

/// <summary>
/// /consultant: her mothers, her meetings and what she records about them (R2.3 contact, R3/R5.1/R7.3 outcomes,
/// R8.3 "cannot find a time"). The handlers decide; this page shows their refusals next to the form they belong to.
/// </summary>
[Authorize(Policy = Policies.Consultant)]
public sealed class DeskModel(
    ConsultantDeskHandler desk,
    RequestActionsHandler requests,
    MeetingActionsHandler meetings,
    TimeProvider clock,
    IStringLocalizer<DeskText> text,
    IStringLocalizer<RequestsText> requestText,
    IStringLocalizer<ErrorText> errors) : PageModel
{
    public const string LocalInputFormat = "yyyy-MM-ddTHH:mm";

    /// <summary>The outcomes in the order she reads them: the usual one first, those that never count against the mother last.</summary>
    public static readonly MeetingOutcome[] Outcomes =
        [MeetingOutcome.Held, MeetingOutcome.MotherNoShow, MeetingOutcome.RefusedVideoOff, MeetingOutcome.ConsultantCancelled, MeetingOutcome.TechnicalFailure];

    [BindProperty]
    public Guid Target { get; set; }

    [BindProperty]
    public string? When { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public bool VideoOffConfirmed { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [TempData]
    public string? Notice { get; set; }

    [TempData]
    public string? CalendarUrl { get; set; }

    public DeskView View { get; private set; } = null!;

    public DateTime Now { get; private set; }

    public string NowLocal { get; private set; } = "";

    /// <summary>The form (by the request's or meeting's id) a refusal belongs to; only that form shows it and keeps her input.</summary>
    public Guid? FailedTarget { get; private set; }

    public string? FailedForm { get; private set; }

    public string? FormError { get; private set; }

    public string Zone => View.Me.TimeZone;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    /// <summary>R2.3: the mother got in touch; the time she types is in her own zone, empty or this minute means now.</summary>
    public async Task<IActionResult> OnPostInTouchAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        if (!TryParseLocal(When, out var at))
        {
            return Fail("in-touch", text["Form.BadTime"]);
        }

        var outcome = await requests.MotherContactedByConsultantAsync(new MotherContactedCommand(Target, at), UserId, ct);
        if (outcome.IsSuccess)
        {
            return Done(text["Notice.InTouch"]);
        }

        return outcome.Error is { Code: ErrorCodes.RequestNotFound } ? NotFound() : Fail("in-touch", Readable(outcome.Error ?? outcome.FieldErrors!.Values.First()));
    }

    public async Task<IActionResult> OnPostOutcomeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        if (!Enum.TryParse<MeetingOutcome>(Outcome, out var chosen) || !Enum.IsDefined(chosen))
        {
            return Fail("outcome", text["Outcome.Choose"]);
        }

        // R7.3: refusing for video off is a violation for the mother, so she confirms what happened.
        if (chosen == MeetingOutcome.RefusedVideoOff && !VideoOffConfirmed)
        {
            return Fail("outcome", text["Outcome.ConfirmVideoOff"]);
        }

        var result = await meetings.RecordOutcomeAsync(Target, chosen, Caller.From(User), ct);
        if (result.IsSuccess)
        {
            return Done(text["Notice.Outcome", text["Outcome." + chosen].Value]);
        }

        return result.Error is { Code: ErrorCodes.MeetingNotFound } ? NotFound() : Fail("outcome", Readable(result.Error!));
    }

    /// <summary>R8.3: the administrators are told and assign another consultant.</summary>
    public async Task<IActionResult> OnPostCannotFindTimeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        var result = await desk.CannotFindTimeAsync(Target, UserId, Note, ct);
        if (result.IsSuccess)
        {
            return Done(result.Value ? text["Notice.CannotFindTime"] : text["Notice.CannotFindTimeAlready"]);
        }

        return result.Error is { Code: ErrorCodes.RequestNotFound } ? NotFound() : Fail("no-time", Readable(result.Error ?? result.FieldErrors!.Values.First()));
    }

    public async Task<IActionResult> OnPostCalendarAsync(CancellationToken ct)
    {
        var token = await desk.ResetCalendarAsync(UserId, ct);
        if (token is null)
        {
            return Forbid();
        }

        CalendarUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{CalendarFeed.PathFor(token)}";
        Notice = text["Notice.Calendar"];
        return RedirectToPage();
    }

    public string Time(DateTime utc) => Times.Format(utc, Zone);

    public string TimeIn(DateTime utc, string zone) => Times.Format(utc, TimeZones.IsValidIana(zone) ? zone : Zone);

    public string ZoneLabel => Times.ZoneLabel(TimeZones.Find(Zone), Now);

    public bool Failed(string form, Guid target) => FailedForm == form && FailedTarget == target;

    private Guid UserId => User.UserId() ?? throw new InvalidOperationException("Signed-in user without id.");

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var view = await desk.LoadAsync(UserId, ct);
        if (view is null)
        {
            return false;
        }

        View = view;
        Now = clock.GetUtcNow().UtcDateTime;
        NowLocal = TimeZones.ToLocal(Now, Zone).ToString(LocalInputFormat, CultureInfo.InvariantCulture);
        return true;
    }

    private bool TryParseLocal(string? value, out DateTime? utc)
    {
        utc = null;

        // The input holds minutes only: the current minute means "now", so it is never refused as in the future.
        if (string.IsNullOrWhiteSpace(value) || value == NowLocal)
        {
            return true;
        }

        var zone = TimeZones.Find(Zone);
        if (!DateTime.TryParseExact(value, [LocalInputFormat, LocalInputFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || zone.IsInvalidTime(local))
        {
            return false;
        }

        utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        return true;
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage();
    }

    private PageResult Fail(string form, string message)
    {
        FailedForm = form;
        FailedTarget = Target;
        FormError = message;
        return Page();
    }

    private string Readable(DomainError error) => errors.Message(error, Time, s => requestText.Status(s));
}
