using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.ConsultantDesk;

public sealed class WeeklyRow
{
    public string? Day { get; set; }

    public string? Start { get; set; }

    public string? End { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End);
}

public sealed class ExceptionRow
{
    public const string DayOff = "off";
    public const string Extra = "extra";

    public string? Date { get; set; }

    public string? Kind { get; set; }

    public string? Start { get; set; }

    public string? End { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End);
}

/// <summary>
/// /consultant/availability: her weekly hours and exceptions in her own zone, saved through the same handler as the
/// API (quarter-hour grid, no overlaps). Blank rows are spare; on a refusal everything she typed stays on the page.
/// </summary>
[Authorize(Policy = Policies.Consultant)]
public sealed class HoursModel(
    ConsultantDeskHandler desk,
    AvailabilityHandler availability,
    TimeProvider clock,
    IStringLocalizer<DeskText> text,
    IStringLocalizer<ErrorText> errors) : PageModel
{
    public const int SpareWeekly = 2;
    public const int SpareExceptions = 1;
    private const string TimeFormat = "HH:mm";

    public static readonly DayOfWeek[] Days =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [BindProperty]
    public string? TimeZone { get; set; }

    [BindProperty]
    public List<WeeklyRow> Weekly { get; set; } = [];

    [BindProperty]
    public List<ExceptionRow> Exceptions { get; set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public List<string> Problems { get; } = [];

    public IReadOnlyList<ZoneChoice> Zones { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await desk.MeAsync(UserId, ct) is not { } me)
        {
            return Forbid();
        }

        var current = await availability.GetAsync(me.Id, Caller.From(User), ct);
        if (!current.IsSuccess)
        {
            return Forbid();
        }

        var hours = current.Value!;
        var hasHours = hours.Weekly.Count > 0 || hours.Exceptions.Count > 0;
        TimeZone = hasHours ? hours.TimeZone : me.TimeZone;
        Weekly = [.. hours.Weekly.OrderBy(w => (((int)w.Day) + 6) % 7).ThenBy(w => w.Start)
            .Select(w => new WeeklyRow { Day = w.Day.ToString(), Start = Time(w.Start), End = Time(w.End) })];
        Exceptions = [.. hours.Exceptions.OrderBy(e => e.Date).Select(e => new ExceptionRow
        {
            Date = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Kind = e.IsDayOff ? ExceptionRow.DayOff : ExceptionRow.Extra,
            Start = e.Start is { } s ? Time(s) : null,
            End = e.End is { } en ? Time(en) : null,
        })];
        Prepare();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await desk.MeAsync(UserId, ct) is not { } me)
        {
            return Forbid();
        }

        var weekly = new List<WindowInput>();
        for (var i = 0; i < Weekly.Count; i++)
        {
            var row = Weekly[i];
            if (row.IsBlank)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(row.Day) || string.IsNullOrWhiteSpace(row.Start) || string.IsNullOrWhiteSpace(row.End))
            {
                Problems.Add(text["Hours.RowIncomplete", i + 1]);
            }
            else if (RowProblem(row.Start, row.End) is { } problem)
            {
                Problems.Add(text["Hours.RowProblem", i + 1, problem]);
            }

            weekly.Add(new WindowInput(row.Day, row.Start, row.End));
        }

        var exceptions = new List<ExceptionInput>();
        for (var i = 0; i < Exceptions.Count; i++)
        {
            var row = Exceptions[i];
            if (row.IsBlank)
            {
                continue;
            }

            var dayOff = row.Kind != ExceptionRow.Extra;
            if (string.IsNullOrWhiteSpace(row.Date) || (!dayOff && (string.IsNullOrWhiteSpace(row.Start) || string.IsNullOrWhiteSpace(row.End))))
            {
                Problems.Add(text["Hours.ExceptionIncomplete", i + 1]);
            }
            else if (!dayOff && RowProblem(row.Start, row.End) is { } problem)
            {
                Problems.Add(text["Hours.ExceptionProblem", i + 1, problem]);
            }

            exceptions.Add(dayOff ? new ExceptionInput(row.Date, null, null) : new ExceptionInput(row.Date, row.Start, row.End));
        }

        if (Problems.Count == 0)
        {
            var saved = await availability.PutAsync(me.Id, new AvailabilityInput(TimeZone, weekly, exceptions), Caller.From(User), ct);
            if (saved.IsSuccess)
            {
                Notice = text["Hours.Saved"];
                return RedirectToPage();
            }

            Problems.Add(errors.Message(saved.Error ?? saved.FieldErrors!.Values.First()));
        }

        Prepare();
        return Page();
    }

    private Guid UserId => User.UserId() ?? throw new InvalidOperationException("Signed-in user without id.");

    private static string Time(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The two mistakes people make most, said plainly; everything else the handler judges.</summary>
    private string? RowProblem(string? start, string? end)
    {
        if (!TimeOnly.TryParseExact(start, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
            || !TimeOnly.TryParseExact(end, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var e))
        {
            return text["Hours.BadTime"];
        }

        if (s.Minute % 15 != 0 || e.Minute % 15 != 0)
        {
            return text["Hours.Quarter"];
        }

        return e <= s ? text["Hours.EndAfterStart"].Value : null;
    }

    /// <summary>Spare blank rows to type into, and the zone list (her current zone kept even if it is not a common one).</summary>
    private void Prepare()
    {
        Weekly.RemoveAll(r => r.IsBlank);
        Exceptions.RemoveAll(r => r.IsBlank);
        for (var i = 0; i < SpareWeekly; i++)
        {
            Weekly.Add(new WeeklyRow());
        }

        for (var i = 0; i < SpareExceptions; i++)
        {
            Exceptions.Add(new ExceptionRow { Kind = ExceptionRow.DayOff });
        }

        Zones = ZoneChoices.At(clock.GetUtcNow().UtcDateTime, TimeZone);
    }
}
