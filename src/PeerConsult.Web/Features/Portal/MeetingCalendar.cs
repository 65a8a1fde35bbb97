using System.Security.Claims;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Features.Portal;

/// <summary>"Add to calendar": her own meeting as an .ics file. Nothing about her health or her request goes into it.</summary>
public static class MeetingCalendar
{
    public static IEndpointRouteBuilder MapMotherCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/my/meetings/{id:guid}.ics", IcsAsync).RequireAuthorization(Policies.Mother).WithName("MotherMeetingIcs").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IcsAsync(
        Guid id, ClaimsPrincipal user, HttpContext http, MeetingActionsHandler meetings, TimeProvider clock, IStringLocalizer<PortalText> text, CancellationToken ct)
    {
        // Ownership inside the handler's query: another mother's meeting is simply not found.
        var meeting = await meetings.FindAsync(id, Caller.From(user), ct);
        if (meeting is not { Status: MeetingStatus.Scheduled })
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Ics(meeting, clock.GetUtcNow().UtcDateTime, text)), "text/calendar; charset=utf-8", $"meeting-{meeting.Start:yyyyMMdd}.ics");
    }

    public static string Ics(Meeting meeting, DateTime now, IStringLocalizer<PortalText> text)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(text);
        var calendar = new Calendar();
        calendar.Events.Add(new CalendarEvent
        {
            Uid = meeting.Id.ToString(),
            Summary = text["Ics.Summary"],
            Description = text["Ics.Description"],
            DtStart = new CalDateTime(meeting.Start, CalDateTime.UtcTzId),
            DtEnd = new CalDateTime(meeting.End, CalDateTime.UtcTzId),
            DtStamp = new CalDateTime(now, CalDateTime.UtcTzId),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
