using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Account;

/// <summary>
/// A new consultant chooses her own password from the one-time link the administrator passed her.
/// The link is a password-reset token: using it changes her security stamp, so it works once.
/// </summary>
[AllowAnonymous]
public sealed class SetPasswordModel(UserManager<AppUser> users, IStringLocalizer<AccountText> text, IOptions<IdentityOptions> identity) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public bool LinkValid { get; private set; }

    public bool Done { get; private set; }

    public string? Email { get; private set; }

    public int MinLength => identity.Value.Password.RequiredLength;

    public List<string> PasswordErrors { get; } = [];

    public string? ConfirmError { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await FindAsync();
        LinkValid = user is not null && await users.VerifyUserTokenAsync(
            user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, Token!);
        Email = LinkValid ? user!.Email : null;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindAsync();
        if (user is null)
        {
            return Page();
        }

        LinkValid = true;
        Email = user.Email;
        if (string.IsNullOrEmpty(Password))
        {
            PasswordErrors.Add(text["SetPassword.Required"]);
        }
        else if (Password != Confirm)
        {
            ConfirmError = text["SetPassword.Mismatch"];
        }

        if (PasswordErrors.Count > 0 || ConfirmError is not null)
        {
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Token!, Password!);
        if (result.Succeeded)
        {
            // A consultant who locked herself out by guessing gets a fresh start with her new password.
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            Done = true;
            return Page();
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
        {
            LinkValid = false;
            return Page();
        }

        PasswordErrors.AddRange(result.Errors.Select(Describe));
        return Page();
    }

    private async Task<AppUser?> FindAsync() =>
        string.IsNullOrEmpty(Token) || !Guid.TryParse(UserId, out var id) ? null : await users.FindByIdAsync(id.ToString());

    /// <summary>Identity's own messages are English only; the ones a password can trigger get our wording.</summary>
    private string Describe(IdentityError error)
    {
        var options = identity.Value.Password;
        return error.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) => text["SetPassword.TooShort", options.RequiredLength],
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => text["SetPassword.UniqueChars", options.RequiredUniqueChars],
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => text["SetPassword.Digit"],
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => text["SetPassword.Lower"],
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) => text["SetPassword.Upper"],
            nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => text["SetPassword.NonAlphanumeric"],
            _ => error.Description,
        };
    }
}
