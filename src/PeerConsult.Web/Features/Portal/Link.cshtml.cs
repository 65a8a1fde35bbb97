using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Portal;

/// <summary>
/// /my/link/{token}: a one-use sign-in link from a message. Opening it only shows a button; the press (a POST)
/// uses it up. Messengers open links themselves to draw a preview, and that must not spend her link.
/// </summary>
[AllowAnonymous]
public sealed class LinkModel(MotherSignInHandler handler, SignInManager<AppUser> signIn) : PageModel
{
    public bool Usable { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Private();
        Usable = await handler.IsLinkUsableAsync(token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Private();
        if (await handler.RedeemLinkAsync(token, ct) is { } motherId && await handler.AccountForAsync(motherId, ct) is { } user)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return Redirect("/my");
        }

        Usable = false;
        return Page();
    }

    /// <summary>The token is in the address: keep it out of caches and out of the Referer of any link she follows.</summary>
    private void Private()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
