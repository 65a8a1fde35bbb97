using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Portal;

/// <summary>/my/code: she types the code from the message; right → signed in as a mother, the code used up.</summary>
[AllowAnonymous]
public sealed class CodeModel(
    MotherSignInHandler handler,
    SignInChallengeCookie challenges,
    SignInManager<AppUser> signIn,
    IOptions<PortalOptions> options,
    IStringLocalizer<PortalText> text) : PageModel
{
    [BindProperty(Name = "code")]
    public string? Code { get; set; }

    /// <summary>A wrong or malformed code: she may try again.</summary>
    public string? CodeError { get; private set; }

    /// <summary>The code cannot work any more: she needs a new one.</summary>
    public string? SpentMessage { get; private set; }

    public string Lifetime => text.Minutes(options.Value.CodeLifetime);

    public IActionResult OnGet()
    {
        Response.Headers.CacheControl = "no-store";
        return challenges.Read(Request) is null ? Redirect("/my") : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var check = await handler.CheckCodeAsync(challenges.Read(Request), Code, ct);
        switch (check.Status)
        {
            case CodeCheckStatus.SignedIn:
                var user = await handler.AccountForAsync(check.MotherId!.Value, ct);
                if (user is null)
                {
                    break;
                }

                await signIn.SignInAsync(user, isPersistent: false);
                challenges.Delete(HttpContext);
                return Redirect("/my");
            case CodeCheckStatus.Wrong:
                challenges.Write(HttpContext, check.Challenge!);
                CodeError = text.Count("Code.Wrong", check.AttemptsLeft);
                Code = null;
                return Page();
            case CodeCheckStatus.BadFormat:
                CodeError = text["Code.BadFormat"];
                return Page();
            case CodeCheckStatus.TooManyAttempts:
                challenges.Delete(HttpContext);
                SpentMessage = text["Code.TooMany"];
                Code = null;
                return Page();
            case CodeCheckStatus.Spent:
                break;
            default:
                throw new InvalidOperationException($"Unknown outcome {check.Status}.");
        }

        challenges.Delete(HttpContext);
        SpentMessage = text["Code.Spent"];
        Code = null;
        return Page();
    }
}
