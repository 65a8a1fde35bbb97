using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Requests;

/// <summary>Marker for the administrator's queue and request page texts (RequestsText.resx: Russian, RequestsText.en.resx: English).</summary>
public sealed class RequestsText;

/// <summary>Words for statuses and clock states, so a state is never shown by colour alone.</summary>
public static class RequestLabels
{
    public static string Status(this IStringLocalizer<RequestsText> text, RequestStatus status) => text["Status." + status];

    public static string Clock(this IStringLocalizer<RequestsText> text, AdminClockState state) => text["Clock." + state];

    public static string Status(this TextCache text, RequestStatus status) => text["Status." + status];

    public static string Clock(this TextCache text, AdminClockState state) => text["Clock." + state];

    public static string ClockCss(AdminClockState state) => state switch
    {
        AdminClockState.Running => "badge badge-running",
        AdminClockState.Warning => "badge badge-warning",
        AdminClockState.Overdue => "badge badge-overdue",
        AdminClockState.Met => "badge badge-met",
        AdminClockState.MetLate => "badge badge-met-late",
        AdminClockState.Stopped => "badge",
    };

    /// <summary>Only a clock that still runs counts down; a met or stopped one shows its due time alone.</summary>
    public static bool IsTicking(AdminClockState state) => state is AdminClockState.Running or AdminClockState.Warning or AdminClockState.Overdue;

    public static string StatusCss(RequestStatus status) => status switch
    {
        RequestStatus.New => "badge badge-running",
        RequestStatus.Contacted or RequestStatus.Assigned => "badge badge-warning",
        RequestStatus.AwaitingMotherContact => "badge badge-running",
        RequestStatus.InTouch => "badge badge-met",
        RequestStatus.Closed => "badge",
    };
}
