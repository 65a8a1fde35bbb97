using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Messages;

[Authorize(Policy = Policies.Administrator)]
public sealed class ManualPageModel(
    ManualMessages manual,
    IOptions<CenterPolicy> policy,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    IStringLocalizer<MessageText> text) : PageModel
{
    public IReadOnlyList<ManualRow> Messages { get; private set; } = [];

    public string Zone => policy.Value.CenterTimeZone;

    public string PortalUrl => portal.Value.PublicBaseUrl.TrimEnd('/') + "/my";

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Messages = await manual.ListAsync(ct);

    public async Task<IActionResult> OnPostSentAsync(Guid id, CancellationToken ct)
    {
        var userId = User.UserId() ?? throw new InvalidOperationException("An administrator page without a signed-in user.");
        var result = await manual.MarkSentAsync(id, userId, clock.GetUtcNow().UtcDateTime, ct);
        Notice = result switch
        {
            MarkSentResult.Marked => text["Manual.Marked"].Value,
            MarkSentResult.NotManual => text["Manual.AlreadyDone"].Value,
            MarkSentResult.NotFound => text["Manual.NotFound"].Value,
            _ => null,
        };
        return RedirectToPage();
    }
}
