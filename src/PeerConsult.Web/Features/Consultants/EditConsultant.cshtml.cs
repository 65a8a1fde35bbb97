using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>The administrator edits a consultant's profile and photo; her e-mail is her sign-in name and stays as it is.</summary>
[Authorize(Policy = Policies.Administrator)]
[RequestSizeLimit(PhotoUpload.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = PhotoUpload.RequestLimit)]
public sealed class EditConsultantModel(
    ManageConsultantsHandler consultants, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<ErrorText> errors, IStringLocalizer<ManageText> text) : PageModel
{
    [BindProperty]
    public ConsultantForm Form { get; set; } = new();

    public Consultant Consultant { get; private set; } = null!;

    public ConsultantFormView Fields { get; private set; } = null!;

    public string? FormError { get; private set; }

    /// <summary>A fresh one-time link, when the administrator asked for one (the first expired or got lost).</summary>
    public string? SetPasswordLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await consultants.FindAsync(id, ct) is not { } consultant)
        {
            return NotFound();
        }

        Consultant = consultant;
        Form = ConsultantForm.From(consultant);
        Fields = View([]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await consultants.FindAsync(id, ct) is not { } consultant)
        {
            return NotFound();
        }

        Consultant = consultant;
        Form.Email = consultant.Email;
        var outcome = await consultants.UpdateAsync(id, Form.ToInput(await Form.ReadPhotoAsync(ct)), ct);
        if (outcome.IsSuccess)
        {
            TempData["Notice"] = text["Edit.Saved", Form.DisplayName?.Trim() ?? ""].Value;
            return RedirectToPage("/Consultants/ConsultantsList");
        }

        if (outcome.Error is { Code: ErrorCodes.ConsultantNotFound })
        {
            return NotFound();
        }

        FormError = outcome.Error is { } error ? errors.Message(error) : null;
        Fields = View(ConsultantFormView.Messages(errors, outcome.FieldErrors));
        return Page();
    }

    public async Task<IActionResult> OnPostLinkAsync(Guid id, CancellationToken ct)
    {
        if (await consultants.FindAsync(id, ct) is not { } consultant || await users.FindByIdAsync(consultant.UserId.ToString()) is not { } user)
        {
            return NotFound();
        }

        Consultant = consultant;
        Form = ConsultantForm.From(consultant);
        Fields = View([]);
        SetPasswordLink = NewConsultantModel.SetPasswordUrl(Request, user.Id, await users.GeneratePasswordResetTokenAsync(user));
        return Page();
    }

    /// <summary>The preview on this page: her current photo even while she is not in the public catalog.</summary>
    public async Task<IActionResult> OnGetPhotoAsync(Guid id, int? v, CancellationToken ct)
    {
        if (await consultants.PhotoAsync(id, ct) is not { } photo)
        {
            return NotFound();
        }

        ConsultantsApi.PhotoHeaders(Response, photo, v, shared: false);
        return new FileContentResult(photo.Bytes, photo.ContentType) { LastModified = photo.UpdatedAt, EntityTag = ConsultantsApi.PhotoTag(photo) };
    }

    private ConsultantFormView View(Dictionary<string, string> messages) =>
        new(Form, messages, EmailReadOnly: true, ZoneChoices.At(clock.GetUtcNow().UtcDateTime, Form.TimeZone), PreviewUrl(Consultant));

    private static string? PreviewUrl(Consultant consultant) =>
        consultant.HasPhoto ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/admin/consultants/{consultant.Id}?handler=Photo&v={consultant.PhotoVersion}") : null;
}
