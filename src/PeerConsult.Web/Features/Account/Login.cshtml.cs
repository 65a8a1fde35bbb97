using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Account;

/// <summary>Staff sign in with e-mail and password. The message never says which of the two was wrong.</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, IStringLocalizer<ErrorText> errors) : PageModel
{
    public const string AdminHome = "/admin";
    public const string ConsultantHome = "/consultant";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrWhiteSpace(Email) ? null : await signIn.UserManager.FindByEmailAsync(Email.Trim());
        if (user is null || string.IsNullOrEmpty(Password))
        {
            return Fail(ErrorCodes.InvalidCredentials);
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Fail(ErrorCodes.LockedOut);
        }

        if (!result.Succeeded)
        {
            return Fail(ErrorCodes.InvalidCredentials);
        }

        var local = !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
        if (await signIn.UserManager.IsInRoleAsync(user, Roles.Administrator))
        {
            return LocalRedirect(local ?? AdminHome);
        }

        // An /admin address would only deny a consultant or a mother.
        var isAdminUrl = local is not null && local.StartsWith(AdminHome, StringComparison.OrdinalIgnoreCase);
        var wanted = local is not null && !isAdminUrl ? local : null;
        if (await signIn.UserManager.IsInRoleAsync(user, Roles.Consultant))
        {
            return LocalRedirect(wanted ?? ConsultantHome);
        }

        return LocalRedirect(wanted ?? "/");
    }

    private PageResult Fail(string code)
    {
        Error = errors.Message(DomainError.Of(code));
        Password = null;
        return Page();
    }
}
