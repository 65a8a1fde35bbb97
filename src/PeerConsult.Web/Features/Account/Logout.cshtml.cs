using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Account;

/// <summary>
/// Signing out must work from a stale tab whose session already ended, so it is open to everyone.
/// The layout's sign-out button is a plain form without an antiforgery token; the worst a forged
/// request can do here is sign someone out, and the SameSite=Lax cookie already blocks cross-site POSTs.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
