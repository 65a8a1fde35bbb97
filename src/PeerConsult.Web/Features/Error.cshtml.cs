using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features;

/// <summary>The page people see for 404, 403 and unexpected failures — in their language, with a way back.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedText> text) : PageModel
{
    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var key = status switch
        {
            404 => "Error.NotFound",
            403 => "Error.Forbidden",
            _ => "Error",
        };
        Title = text[key + ".Title"];
        Text = text[key + ".Text"];
        if (status is >= 400 and < 600)
        {
            Response.StatusCode = status.Value;
        }
    }
}
