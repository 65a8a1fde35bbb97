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
        return Ics(new CalendarEntry(meeting.Id, meeting.Start, meeting.End, text["Ics.Summary"], text["Ics.Description"], now));
    }

    /// <summary>
    /// The one place .ics text is made: the portal's download (no method) and e-mail invitations (iTIP REQUEST/CANCEL,
    /// RFC 5546), which need an organizer, the attendee, and a SEQUENCE that grows with every change so calendars
    /// replace the entry instead of adding a second one. The UID is the meeting's id, the same in every file.
    /// </summary>
    public static string Ics(CalendarEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var calendar = new Calendar();
        var calendarEvent = new CalendarEvent
        {
            Uid = entry.MeetingId.ToString(),
            Summary = entry.Summary,
            Description = entry.Description,
            DtStart = new CalDateTime(entry.Start, CalDateTime.UtcTzId),
            DtEnd = new CalDateTime(entry.End, CalDateTime.UtcTzId),
            DtStamp = new CalDateTime(entry.Now, CalDateTime.UtcTzId),
        };
        if (entry.Invitation is { } invitation)
        {
            calendar.Method = invitation.Cancel ? "CANCEL" : "REQUEST";
            calendarEvent.Sequence = invitation.Sequence;
            calendarEvent.Status = invitation.Cancel ? EventStatus.Cancelled : EventStatus.Confirmed;
            calendarEvent.Organizer = new Organizer("mailto:" + invitation.OrganizerEmail) { CommonName = invitation.OrganizerName };
            calendarEvent.Attendees.Add(new Attendee("mailto:" + invitation.AttendeeEmail));
        }

        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}

/// <summary>What goes into a meeting's calendar file; <see cref="Invitation"/> only when it travels by e-mail.</summary>
public sealed record CalendarEntry(Guid MeetingId, DateTime Start, DateTime End, string Summary, string Description, DateTime Now, CalendarInvitation? Invitation = null);

/// <summary>An iTIP invitation: a request (booked, moved, reminded) or a cancellation, and its version.</summary>
public sealed record CalendarInvitation(bool Cancel, int Sequence, string OrganizerEmail, string OrganizerName, string AttendeeEmail);
