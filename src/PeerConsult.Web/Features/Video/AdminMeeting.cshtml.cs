using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Video;

/// <summary>/admin/meetings/{id}: who entered the room and when, the pre-meeting checks, and the outcome.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AdminMeetingModel(AttendanceQuery query, IOptions<CenterPolicy> policy) : PageModel
{
    public AttendanceView View { get; private set; } = null!;

    public string Zone => policy.Value.CenterTimeZone;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await query.GetAsync(id, ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
