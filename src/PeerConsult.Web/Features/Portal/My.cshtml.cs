using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Portal;

/// <summary>
/// /my: a signed-in mother sees her portal; anyone else sees the phone form of the password-less sign-in.
/// One address for both, so the link in every message and on the site is simply /my. The portal half is
/// guarded by the Mother policy, evaluated here because the sign-in half must stay open.
/// </summary>
[AllowAnonymous]
public sealed class MyModel(
    IAuthorizationService authorization,
    MotherSignInHandler signIn,
    MotherPortalHandler portal,
    ConsultantChangeHandler change,
    SignInChallengeCookie challenges,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IOptions<CenterOptions> center,
    IOptions<PortalOptions> options,
    IStringLocalizer<PortalText> text,
    IStringLocalizer<ErrorText> errors) : PageModel
{
    [BindProperty(Name = "phone")]
    public string? Phone { get; set; }

    public string? PhoneError { get; private set; }

    public string? FormMessage { get; private set; }

    /// <summary>Set when the signed-in person is a mother (null view: her record is gone).</summary>
    public bool IsMother { get; private set; }

    public PortalView? View { get; private set; }

    /// <summary>"Встреча назначена на …" after booking, moving or cancelling (post/redirect/get).</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>R8.1–R8.2: the consultant she asks for ("" lets the administrator choose).</summary>
    [BindProperty]
    public string? ChangeTo { get; set; }

    [BindProperty]
    public string? ChangeNote { get; set; }

    public IReadOnlyList<ChangeChoice> ChangeChoices { get; private set; } = [];

    public Dictionary<string, string> ChangeErrors { get; } = [];

    /// <summary>She may ask for another consultant while her request is open, with a consultant or waiting for one (R8.1, R8.2).</summary>
    public bool ShowsChange => View?.Current is not null;

    public CenterPolicy Policy => policy.Value;

    public CenterOptions Center => center.Value;

    public bool SignedInAsStaff => User.Identity?.IsAuthenticated == true && !IsMother;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadPortalAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>R8.1, R8.2: she asks for another consultant; post/redirect/get with a kind confirmation.</summary>
    public async Task<IActionResult> OnPostChangeAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        await LoadPortalAsync(ct);
        if (!ShowsChange || User.UserId() is not { } userId)
        {
            return Redirect("/my");
        }

        Guid? wanted = null;
        if (!string.IsNullOrEmpty(ChangeTo))
        {
            if (!Guid.TryParse(ChangeTo, out var id) || id == Guid.Empty)
            {
                ChangeErrors[nameof(ChangeTo)] = errors.Message(DomainError.Of(ErrorCodes.ConsultantNotFound));
                return Page();
            }

            wanted = id;
        }

        var outcome = await change.RequestAsync(userId, wanted, ChangeNote, ct);
        if (outcome.IsSuccess)
        {
            Notice = text["Change.Done"];
            return Redirect("/my");
        }

        foreach (var (field, error) in outcome.FieldErrors ?? new Dictionary<string, DomainError>())
        {
            ChangeErrors[field == "Note" ? nameof(ChangeNote) : nameof(ChangeTo)] = errors.Message(error);
        }

        if (outcome.Error is { } rule)
        {
            ChangeErrors[""] = errors.Message(rule);
        }

        return Page();
    }

    private async Task LoadPortalAsync(CancellationToken ct)
    {
        IsMother = (await authorization.AuthorizeAsync(User, Policies.Mother)).Succeeded;
        if (IsMother && User.UserId() is { } userId)
        {
            View = await portal.GetAsync(userId, ct);
            if (View?.Current is { } current)
            {
                ChangeChoices = await change.ChoicesAsync(current.ConsultantId, ct);
            }
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await signIn.RequestCodeAsync(Phone, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        switch (outcome.Status)
        {
            case CodeRequestStatus.Sent:
                challenges.Write(HttpContext, outcome.Challenge!);
                return Redirect("/my/code");
            case CodeRequestStatus.InvalidPhone:
                PhoneError = errors.Message(DomainError.Of(ErrorCodes.InvalidPhone));
                return Page();
            case CodeRequestStatus.RateLimited:
                FormMessage = text["SignIn.RateLimited", text.Hours(options.Value.PhoneWindow)];
                return Page();
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome.Status}.");
        }
    }

    public string Time(DateTime utc) => Times.Format(utc, View!.TimeZone);

    /// <summary>What happened to a past meeting, in her words (R3, R4.3, R5.1).</summary>
    public string PastText(PortalPastMeeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var key = meeting.Status switch
        {
            MeetingStatus.Held => "History.Held",
            MeetingStatus.MotherNoShow => "History.NoShow",
            MeetingStatus.RefusedVideoOff => "History.VideoOff",
            MeetingStatus.ConsultantCancelled => "History.ConsultantCancelled",
            MeetingStatus.TechnicalFailure => "History.TechnicalFailure",
            MeetingStatus.Cancelled => meeting.CancelledBy == Initiator.Mother ? "History.CancelledByYou" : "History.CancelledByCenter",
            MeetingStatus.Scheduled => "History.AwaitingOutcome",
        };
        return text[key];
    }

    public string WhatsAppLink =>
        $"https://wa.me/{Phones.Digits(Center.WhatsAppNumber)}?text={Uri.EscapeDataString(text["WhatsApp.Text"])}";

    /// <summary>Where her request stands, in plain words and her own time zone.</summary>
    public IReadOnlyList<string> StatusLines()
    {
        if (View?.Current is not { } r)
        {
            return [];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var name = r.Consultant?.Name ?? "";
        var phone = r.Consultant?.Phone ?? "";
        return r.Status switch
        {
            RequestStatus.New => [now < r.AdminDueAt ? text["Status.New", Time(r.AdminDueAt)] : text["Status.NewLate"]],
            RequestStatus.Contacted => [text["Status.Contacted"]],
            RequestStatus.Assigned => [text["Status.Assigned", name]],
            RequestStatus.AwaitingMotherContact => AwaitingLines(r, name, phone, now),
            RequestStatus.InTouch => [text["Status.InTouch", name, phone]],
            RequestStatus.Closed => [],
        };
    }

    private List<string> AwaitingLines(PortalRequest r, string name, string phone, DateTime now)
    {
        var lines = new List<string>
        {
            r.MotherContactDueAt is { } due && now < due ? text["Status.Awaiting", name, phone, Time(due)] : text["Status.AwaitingLate", name, phone],
        };
        if (r.AutoCloseAt is { } close)
        {
            lines.Add(text["Status.AwaitingClose", Time(close)]);
        }

        return lines;
    }

    /// <summary>A one-tap way to write to her consultant, once she has the contact (R2.1).</summary>
    public string? ConsultantWhatsAppLink =>
        View?.Current?.Consultant is { Phone: { } phone } ? $"https://wa.me/{Phones.Digits(phone)}" : null;

    public bool ShowsTimes => View?.Current is { Status: RequestStatus.New or RequestStatus.AwaitingMotherContact };

    public bool HasConsultant => View?.Current?.Consultant is not null;

    /// <summary>She books her meetings herself once she has her consultant's contact and the free service (R2.3, R6).</summary>
    public bool ShowsBooking => View is { Eligibility: Eligibility.Eligible, Current.MayBook: true };

    /// <summary>R4.1: she may move or cancel it herself until the cutoff.</summary>
    public bool CanChange(PortalMeeting meeting) => clock.GetUtcNow().UtcDateTime <= meeting.ChangeDeadline;

    public string UntilText(PortalMeeting meeting) =>
        text["Meeting.Until", Times.Duration(meeting.Start - clock.GetUtcNow().UtcDateTime, System.Globalization.CultureInfo.CurrentUICulture)];

    /// <summary>The same instant on her consultant's clock, so "10:00" means the same to both.</summary>
    public string? ConsultantTimeText(PortalMeeting meeting) =>
        View?.ConsultantTimeZone is { } zone && zone != View.TimeZone ? text["Meeting.ConsultantTime", Times.Format(meeting.Start, zone)].Value : null;

    public string NoShowText() =>
        text["Meeting.NoShow", text.Days(Policy.ViolationWindow), text.Count("MeetingsAfterMore", Policy.MaxViolations)];

    /// <summary>R6, R5.2: her standing, kindly, with the policy's numbers.</summary>
    public string StandingText() => View!.Eligibility switch
    {
        Eligibility.Eligible when View.LastChanceUntil is { } until =>
            text["Standing.LastChance", text.Days(Policy.ViolationWindow), text.Count("Meetings", View.ActiveViolations), Time(until)],
        Eligibility.Eligible when View.ActiveViolations > 0 =>
            text["Standing.Some", text.Days(Policy.ViolationWindow), text.Count("Meetings", View.ActiveViolations), text.Count("MeetingsAfterMore", Policy.MaxViolations)],
        Eligibility.Eligible => text["Standing.Eligible"],
        Eligibility.PaidOnly => text["Standing.PaidOnly", text.Hours(Policy.MotherContactCloseAfter)],
        Eligibility.PeerServiceRefused => text["Standing.PeerServiceRefused", text.Days(Policy.ViolationWindow), text.Count("MeetingsAfterMore", Policy.MaxViolations)],
    };

    public string RuleText() =>
        text["Standing.Rule", text.Days(Policy.ViolationWindow), text.Count("MeetingsAfterMore", Policy.MaxViolations), text.Hours(Policy.ChangeCutoff)];
}
