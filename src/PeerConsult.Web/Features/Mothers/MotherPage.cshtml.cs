using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Mothers;

[Authorize(Policy = Policies.Administrator)]
public sealed class MotherPageModel(MotherProfileHandler handler, IStringLocalizer<ErrorText> errors, IOptions<CenterPolicy> policy) : PageModel
{
    public MotherProfileView Mother { get; private set; } = null!;

    [BindProperty]
    [StringLength(1000)]
    public string? Reason { get; set; }

    public string? ReasonError { get; private set; }

    [BindProperty]
    [StringLength(1000)]
    public string? WaiveReason { get; set; }

    /// <summary>Which violation's form the <see cref="WaiveError"/> belongs to.</summary>
    public Guid? WaiveErrorFor { get; private set; }

    public string? WaiveError { get; private set; }

    public string? Error { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public string Zone => policy.Value.CenterTimeZone;

    public int MaxViolations => policy.Value.MaxViolations;

    public int WindowDays => (int)policy.Value.ViolationWindow.TotalDays;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReinstateAsync(Guid id, CancellationToken ct)
    {
        var outcome = await handler.ReinstateAsync(id, Reason, Actor.Administrator(User.UserId()!.Value), ct);
        if (outcome.IsSuccess)
        {
            Done = "Reinstate.Done";
            return RedirectToPage(new { id });
        }

        if (outcome.FieldErrors?.GetValueOrDefault("Reason") is { } reasonError)
        {
            ReasonError = errors.Message(reasonError);
        }
        else if (outcome.Error is { } error)
        {
            Error = errors.Message(error);
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostWaiveAsync(Guid id, Guid violationId, CancellationToken ct)
    {
        var outcome = await handler.WaiveAsync(id, violationId, WaiveReason, Actor.Administrator(User.UserId()!.Value), ct);
        if (outcome.IsSuccess)
        {
            Done = "Waive.Done";
            return RedirectToPage(new { id });
        }

        WaiveErrorFor = violationId;
        WaiveError = errors.Message(outcome.FieldErrors?.Values.First() ?? outcome.Error!);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var mother = await handler.GetAsync(id, ct);
        if (mother is null)
        {
            return false;
        }

        Mother = mother;
        return true;
    }
}
