using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.ConsultantDesk;

/// <summary>
/// GET /consultant/calendar/{token}.ics: her scheduled meetings for a calendar app. Calendar apps cannot sign in, so
/// the address itself is the secret (256 random bits, stored hashed); a wrong or reset token is simply not found.
/// Times are UTC; the summary names the request number only, never health details.
/// </summary>
public static class CalendarFeed
{
    public const string ContentType = "text/calendar";

    public static IEndpointRouteBuilder MapConsultantCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/consultant/calendar/{token}.ics", GetAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static string PathFor(string token) => $"/consultant/calendar/{token}.ics";

    private static async Task<IResult> GetAsync(string token, AppDbContext db, IStringLocalizer<DeskText> text, IOptions<CenterOptions> center, TimeProvider clock, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return Results.NotFound();
        }

        var hash = ConsultantCalendarToken.HashOf(token);
        var consultantId = await db.CalendarTokens.Where(t => t.Hash == hash).Select(t => (Guid?)t.ConsultantId).SingleOrDefaultAsync(ct);
        if (consultantId is not { } id)
        {
            return Results.NotFound();
        }

        var meetings = await (
            from m in db.Meetings.AsNoTracking()
            join r in db.Requests on m.RequestId equals r.Id
            where m.ConsultantId == id && m.Status == MeetingStatus.Scheduled
            orderby m.Start
            select new { m.Id, m.Start, m.End, r.Number }).ToListAsync(ct);

        var calendar = new Calendar { ProductId = "-//PeerConsult//Consultant calendar//RU" };
        calendar.AddProperty("X-WR-CALNAME", text["Calendar.Name", center.Value.Name].Value);
        var stamp = new CalDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var m in meetings)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = m.Id.ToString(),
                DtStamp = stamp,
                Summary = text["Calendar.Summary", m.Number].Value,
                DtStart = new CalDateTime(m.Start),
                DtEnd = new CalDateTime(m.End),
            });
        }

        var body = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return Results.Text(body, ContentType, Encoding.UTF8);
    }
}
