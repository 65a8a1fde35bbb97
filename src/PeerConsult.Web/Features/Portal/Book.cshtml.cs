using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Portal;

public sealed record SlotChoice(string Value, string Label, string Id);

public sealed record SlotDay(string Label, IReadOnlyList<SlotChoice> Slots);

/// <summary>
/// /my/book: she picks one of her consultant's free slots (R3.2's weekly rule already applied) and books it, or with
/// ?move={meetingId} moves her meeting there. The same handlers as the API; rule errors are shown in her words.
/// </summary>
[Authorize(Policy = Policies.Mother)]
public sealed class BookModel(
    MotherPortalHandler portal,
    AvailabilityHandler availability,
    MeetingActionsHandler meetings,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IStringLocalizer<PortalText> text,
    IStringLocalizer<ErrorText> errors) : PageModel
{
    /// <summary>How far ahead she is offered times.</summary>
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(28);

    [BindProperty(SupportsGet = true, Name = "move")]
    public Guid? Move { get; set; }

    [BindProperty(Name = "slot")]
    public string? Slot { get; set; }

    public PortalView? View { get; private set; }

    /// <summary>The meeting being moved, when <see cref="Move"/> is set.</summary>
    public Meeting? Moving { get; private set; }

    public IReadOnlyList<SlotDay> Days { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>Why she cannot book or move here now; the page then shows only this.</summary>
    public string? Unavailable { get; private set; }

    public CenterPolicy Policy => policy.Value;

    private Caller Me => Caller.From(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }

        await LoadSlotsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (await LoadAsync(ct) is { } result)
        {
            return result;
        }

        if (Unavailable is not null)
        {
            return Page();
        }

        if (!DateTime.TryParseExact(Slot, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start) || start.Kind != DateTimeKind.Utc)
        {
            Error = text["Book.Choose"];
            await LoadSlotsAsync(ct);
            return Page();
        }

        var outcome = Moving is { } moving
            ? await meetings.RescheduleAsync(new ChangeCommand(moving.Id, start, null, null, null), Me, ct)
            : await meetings.BookAsync(new BookCommand(View!.Current!.Id, start), Me, ct);
        if (outcome.IsSuccess)
        {
            TempData["Notice"] = text["Book.Done", Times.Format(outcome.Value!.Start, View!.TimeZone)].Value;
            return Redirect("/my");
        }

        Error = outcome.Error is { } error ? ErrorMessage(error) : errors.Message(outcome.FieldErrors!.Values.First());
        await LoadSlotsAsync(ct);
        return Page();
    }

    public string ZoneNote()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = Times.ZoneLabel(TimeZones.Find(View!.TimeZone), now);
        var theirs = Times.ZoneLabel(TimeZones.Find(View.ConsultantTimeZone ?? View.TimeZone), now);
        return text["Book.Zones", mine, theirs];
    }

    public string Time(DateTime utc) => Times.Format(utc, View!.TimeZone);

    /// <summary>Her portal, her request and, when moving, her meeting; null to go on, or where to go instead.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (User.UserId() is not { } userId || await portal.GetAsync(userId, ct) is not { } view)
        {
            return Redirect("/my");
        }

        View = view;
        if (view.Eligibility != Eligibility.Eligible)
        {
            Unavailable = errors.Message(DomainError.Of(ErrorCodes.NotEligible));
            return null;
        }

        if (view.Current is not { MayBook: true })
        {
            Unavailable = text["Book.NoConsultant"];
            return null;
        }

        if (Move is { } moveId)
        {
            // Ownership inside the handler's query: another mother's meeting is simply not found.
            Moving = await meetings.FindAsync(moveId, Me, ct);
            if (Moving is not { Status: MeetingStatus.Scheduled })
            {
                return NotFound();
            }

            if (clock.GetUtcNow().UtcDateTime > Moving.ChangeDeadline(Policy))
            {
                Unavailable = text["Meeting.TooLate", Time(Moving.ChangeDeadline(Policy))];
            }
        }

        return null;
    }

    private async Task LoadSlotsAsync(CancellationToken ct)
    {
        if (Unavailable is not null || View?.Current?.ConsultantId is not { } consultantId)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var slots = await availability.SlotsAsync(consultantId, now, now + Ahead, Me, Moving?.Id, ct);
        var zone = TimeZones.Find(View.TimeZone);
        var culture = CultureInfo.CurrentCulture;
        Days = [.. (slots.Value ?? [])
            .Select(s => (Slot: s, Local: TimeZoneInfo.ConvertTimeFromUtc(s.Start, zone)))
            .GroupBy(x => DateOnly.FromDateTime(x.Local))
            .OrderBy(g => g.Key)
            .Select(g => new SlotDay(
                culture.TextInfo.ToUpper(g.Key.ToString("dddd, d MMMM", culture)[0]) + g.Key.ToString("dddd, d MMMM", culture)[1..],
                [.. g.OrderBy(x => x.Slot.Start).Select(x => new SlotChoice(
                    x.Slot.Start.ToString("O", CultureInfo.InvariantCulture),
                    x.Local.ToString("t", culture),
                    "slot-" + x.Slot.Start.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)))]))];
    }

    /// <summary>Rule errors in her words, with dates and times she can read (the codes carry ISO values).</summary>
    private string ErrorMessage(DomainError error)
    {
        if (error.Code == ErrorCodes.SlotTaken)
        {
            return text["Book.SlotTaken"];
        }

        if (error.Code == ErrorCodes.WeeklyLimit
            && DateOnly.TryParseExact(error.Arg("firstAllowedDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return errors.Message(error with { Args = new Dictionary<string, string> { ["firstAllowedDate"] = PortalDates.Day(first) } });
        }

        if (error.Code == ErrorCodes.ChangeCutoff
            && DateTime.TryParseExact(error.Arg("deadline"), "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var deadline))
        {
            return errors.Message(error with { Args = new Dictionary<string, string> { ["deadline"] = Time(DateTime.SpecifyKind(deadline, DateTimeKind.Utc)) } });
        }

        return errors.Message(error);
    }
}

public static class PortalDates
{
    /// <summary>"3 декабря" / "3 December": a Center-zone date (R3.2) in her culture.</summary>
    public static string Day(DateOnly date) => date.ToString("d MMMM", CultureInfo.CurrentCulture);
}
