using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PeerConsult.Web.Features.Account;

/// <summary>Where the cookie handler sends a signed-in person who lacks the role for a page.</summary>
[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SignInAsOther =>
        !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl)
            ? "/account/login?returnUrl=" + Uri.EscapeDataString(ReturnUrl)
            : "/account/login";

    public void OnGet()
    {
    }
}
