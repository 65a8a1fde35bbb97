using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Messages;

[Authorize(Policy = Policies.Administrator)]
public sealed class MessagesPageModel(MessagesQuery query, ManualMessages manual, IOptions<CenterPolicy> policy) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? RequestId { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool DeadOnly { get; set; }

    public IReadOnlyList<MessageRow> Messages { get; private set; } = [];

    public string Zone => policy.Value.CenterTimeZone;

    public int ManualCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Messages = await query.ListAsync(RequestId, DeadOnly ? OutboxStatus.Dead : null, ct);
        ManualCount = await manual.CountAsync(ct);
    }
}
