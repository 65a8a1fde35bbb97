using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>Every consultant with her load, for the administrator.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class ConsultantsListModel(ManageConsultantsHandler consultants) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public IReadOnlyList<ConsultantRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await consultants.ListAsync(ct);
}
