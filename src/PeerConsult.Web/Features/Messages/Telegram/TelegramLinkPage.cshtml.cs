using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Messages.Telegram;

/// <summary>/my/telegram: the mother asks for a one-time deep link to the Center's bot; opening it links her chat.</summary>
[Authorize(Policy = Policies.Mother)]
public sealed class TelegramLinkPageModel(TelegramUpdates telegram, IOptions<TelegramOptions> options) : PageModel
{
    public bool Linked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        Linked = await telegram.IsLinkedAsync(UserId(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        var link = await telegram.IssueLinkAsync(UserId(), ct);
        return link is null ? NotFound() : Redirect(link);
    }

    private Guid UserId() => User.UserId() ?? throw new InvalidOperationException("A mother's page without a signed-in user.");
}
