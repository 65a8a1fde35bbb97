using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>
/// The administrator adds a consultant; the consultant then sets her own password from a one-time link.
/// The link is shown once, in this response, and never stored or logged.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[RequestSizeLimit(PhotoUpload.RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = PhotoUpload.RequestLimit)]
public sealed class NewConsultantModel(
    ManageConsultantsHandler consultants, IOptions<CenterPolicy> policy, TimeProvider clock, IStringLocalizer<ErrorText> errors, IStringLocalizer<ManageText> text) : PageModel
{
    [BindProperty]
    public ConsultantForm Form { get; set; } = new();

    public ConsultantFormView Fields { get; private set; } = null!;

    public string? FormError { get; private set; }

    public CreatedConsultant? Created { get; private set; }

    public string? SetPasswordLink { get; private set; }

    public string? WhatsAppLink { get; private set; }

    public void OnGet()
    {
        Form = ConsultantForm.Blank(policy.Value);
        Fields = View([]);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await consultants.CreateAsync(Form.ToInput(await Form.ReadPhotoAsync(ct)), ct);
        if (outcome.IsSuccess)
        {
            Created = outcome.Value;
            SetPasswordLink = SetPasswordUrl(Request, Created!.UserId, Created.SetPasswordToken);
            if (Phones.TryNormalize(Form.Phone, out var phone))
            {
                var message = text["Created.Message", Form.DisplayName?.Trim() ?? "", SetPasswordLink].Value;
                WhatsAppLink = $"https://wa.me/{Phones.Digits(phone)}?text={Uri.EscapeDataString(message)}";
            }

            return Page();
        }

        FormError = outcome.Error is { } error ? errors.Message(error) : null;
        Fields = View(ConsultantFormView.Messages(errors, outcome.FieldErrors));
        return Page();
    }

    /// <summary>An absolute link, since it is sent to someone outside the application.</summary>
    public static string SetPasswordUrl(HttpRequest request, Guid userId, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/account/set-password?userId={userId}&token={Uri.EscapeDataString(token)}";
    }

    private ConsultantFormView View(Dictionary<string, string> messages) =>
        new(Form, messages, EmailReadOnly: false, ZoneChoices.At(clock.GetUtcNow().UtcDateTime, Form.TimeZone));
}
