using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence.Configurations;

namespace PeerConsult.Web.Features.Portal;

/// <summary>/my/cancel/{meetingId}: she confirms cancelling her meeting (R4.1 until the cutoff; R5.1 it counts).</summary>
[Authorize(Policy = Policies.Mother)]
public sealed class CancelModel(
    MotherPortalHandler portal,
    MeetingActionsHandler meetings,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IStringLocalizer<PortalText> text,
    IStringLocalizer<ErrorText> errors) : PageModel
{
    public const int ReasonMaxLength = MeetingChangeConfiguration.ReasonMaxLength;

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    public PortalView? View { get; private set; }

    public Meeting? Meeting { get; private set; }

    public bool TooLate { get; private set; }

    public string? Error { get; private set; }

    public CenterPolicy Policy => policy.Value;

    public async Task<IActionResult> OnGetAsync(Guid meetingId, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        return await LoadAsync(meetingId, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid meetingId, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (await LoadAsync(meetingId, ct) is { } result)
        {
            return result;
        }

        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        var outcome = await meetings.CancelAsync(new ChangeCommand(meetingId, null, null, null, reason), Caller.From(User), ct);
        if (outcome.IsSuccess)
        {
            TempData["Notice"] = text["Cancel.Done", Time(Meeting!.Start)].Value;
            return Redirect("/my");
        }

        Error = outcome.Error is { } error ? errors.Message(error) : errors.Message(outcome.FieldErrors!.Values.First());
        return Page();
    }

    public string Time(DateTime utc) => Times.Format(utc, View!.TimeZone);

    public string CountsText() =>
        text["Cancel.Counts", text.Days(Policy.ViolationWindow), text.Count("Meetings", View!.ActiveViolations), text.Count("MeetingsAfterMore", Policy.MaxViolations)];

    private async Task<IActionResult?> LoadAsync(Guid meetingId, CancellationToken ct)
    {
        if (User.UserId() is not { } userId || await portal.GetAsync(userId, ct) is not { } view)
        {
            return Redirect("/my");
        }

        View = view;

        // Ownership inside the handler's query: another mother's meeting is simply not found.
        Meeting = await meetings.FindAsync(meetingId, Caller.From(User), ct);
        if (Meeting is not { Status: MeetingStatus.Scheduled })
        {
            return NotFound();
        }

        TooLate = clock.GetUtcNow().UtcDateTime > Meeting.ChangeDeadline(Policy);
        return null;
    }
}
