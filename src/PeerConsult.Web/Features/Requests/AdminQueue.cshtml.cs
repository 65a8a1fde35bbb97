using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Requests;

/// <summary>R1.2: the administrator's queue, most urgent first, with the overdue and warning counters.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AdminQueueModel(QueueHandler queue, IOptions<CenterPolicy> policy, TimeProvider clock) : PageModel
{
    /// <summary>The status filter: empty for every open request, or a status name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    /// <summary>Page number ("page" itself is a Razor Pages route value).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public QueuePage Result { get; private set; } = new([], 0, 0, 0, 1, QueueFilter.PageSize);

    public DateTime Now { get; private set; }

    public string Zone { get; private set; } = "";

    public TimeSpan WarningAfter => policy.Value.AdminResponseWarning;

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public static IReadOnlyList<RequestStatus> Statuses { get; } = Enum.GetValues<RequestStatus>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        RequestStatus? status = Enum.TryParse<RequestStatus>(Status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        Status = status?.ToString();
        Now = clock.GetUtcNow().UtcDateTime;
        Zone = await queue.ZoneAsync(User, policy.Value);
        Result = await queue.HandleAsync(new QueueFilter(status, Overdue, IncludeClosed: false, Math.Max(1, PageNumber)), ct);
    }

    /// <summary>The same filter on another page of results.</summary>
    public string PageLink(int page)
    {
        var query = new List<string>();
        if (Status is not null)
        {
            query.Add("status=" + Uri.EscapeDataString(Status));
        }

        if (Overdue)
        {
            query.Add("overdue=true");
        }

        query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/admin?" + string.Join("&", query);
    }
}
