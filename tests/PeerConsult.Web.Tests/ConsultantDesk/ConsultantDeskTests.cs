using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Features.ConsultantDesk;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.ConsultantDesk;

/// <summary>The consultant's own side: her calendar feed, R2.3 "she got in touch", R8.3 "cannot find a time".</summary>
public sealed class ConsultantDeskTests
{
    private const string Password = "consultant-password-1";

    [Fact]
    public async Task CalendarFeed_ValidToken_HerMeetingInUtc_WrongOrResetToken_404()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var meetingId = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        var userId = await UserIdAsync(factory, consultant.Id);
        using var calendarApp = factory.CreateClient();

        var token = await ResetCalendarAsync(factory, userId);
        using (var response = await calendarApp.GetAsync(CalendarFeed.PathFor(token)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("DTSTART:20260309T070000Z", body, StringComparison.Ordinal);
            Assert.Contains("DTEND:20260309T080000Z", body, StringComparison.Ordinal);
            Assert.Contains("UID:" + meetingId, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Мама", body, StringComparison.Ordinal);
        }

        using (var wrong = await calendarApp.GetAsync(CalendarFeed.PathFor("not-her-token-at-all-0123456789abcdef")))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }

        var fresh = await ResetCalendarAsync(factory, userId);
        using (var old = await calendarApp.GetAsync(CalendarFeed.PathFor(token)))
        {
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }

        using var renewed = await calendarApp.GetAsync(CalendarFeed.PathFor(fresh));
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Contains("UID:" + meetingId, await renewed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MotherContacted_ByHerConsultant_InTouch_ByAnotherConsultant_404()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var hers = await factory.CreateConsultantAsync(admin);
        var other = await factory.CreateConsultantAsync(admin);
        var request = await factory.AwaitingMotherContactAsync(admin, hers);
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await factory.SetPasswordAsync(hers.Email, Password);
        await factory.SetPasswordAsync(other.Email, Password);
        using var herClient = await factory.LoginAsync(hers.Email, Password);
        using var otherClient = await factory.LoginAsync(other.Email, Password);
        var url = $"/api/v1/consultant/requests/{request.Id}/mother-contacted";

        using (var refused = await otherClient.PostAsJsonAsync(url, new { }))
        {
            Assert.Equal("request-not-found", await refused.ExpectProblemAsync(HttpStatusCode.NotFound));
        }

        using (var future = await herClient.PostAsJsonAsync(url, new { at = factory.Clock.GetUtcNow().AddMinutes(5) }))
        {
            Assert.Equal("in-the-future", await future.ExpectProblemAsync(HttpStatusCode.BadRequest));
        }

        var at = factory.Clock.GetUtcNow().AddMinutes(-30);
        using (var ok = await herClient.PostAsJsonAsync(url, new { at }))
        {
            Assert.Equal("in-touch", (await ok.ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        using var staff = await factory.CreateAdminClientAsync();
        var json = await staff.GetRequestAsync(request.Id);
        Assert.Equal(at, json.GetProperty("motherContactedAt").GetDateTimeOffset());
        var line = json.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("MotherContacted", line.GetProperty("kind").GetString());
        Assert.Equal("consultant", line.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task CannotFindTime_OneAdminMessageADay_HistoryLine_AnotherConsultantNotFound()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var hers = await factory.CreateConsultantAsync(admin);
        var other = await factory.CreateConsultantAsync(admin);
        var request = await factory.AwaitingMotherContactAsync(admin, hers);
        var herUser = await UserIdAsync(factory, hers.Id);
        var otherUser = await UserIdAsync(factory, other.Id);

        Assert.Equal("request-not-found", (await CannotFindTimeAsync(factory, request.Id, otherUser, null)).Error?.Code);
        Assert.True((await CannotFindTimeAsync(factory, request.Id, herUser, "Маме удобно только по вечерам")).Value);
        Assert.False((await CannotFindTimeAsync(factory, request.Id, herUser, null)).Value);

        var messages = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == ConsultantDeskHandler.CannotFindTimeKind).ToListAsync());
        var message = Assert.Single(messages);
        Assert.Equal(RecipientKind.Administrators, message.Recipient);
        Assert.Equal(request.Id, message.RequestId);
        Assert.Contains(request.Request.Number, message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("вечерам", message.Body, StringComparison.Ordinal);

        var json = await admin.GetRequestAsync(request.Id);
        var lines = json.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "CannotFindTime").ToList();
        var line = Assert.Single(lines);
        Assert.Equal("Маме удобно только по вечерам", line.GetProperty("data").GetProperty("note").GetString());

        // The next day she may tell them again.
        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await CannotFindTimeAsync(factory, request.Id, herUser, null)).Value);
    }

    private static Task<Guid> UserIdAsync(PeerConsultFactory factory, Guid consultantId) =>
        factory.WithDbAsync(db => db.Consultants.Where(c => c.Id == consultantId).Select(c => c.UserId).SingleAsync());

    private static async Task<string> ResetCalendarAsync(PeerConsultFactory factory, Guid userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConsultantDeskHandler>().ResetCalendarAsync(userId, CancellationToken.None)
            ?? throw new InvalidOperationException("No consultant for the user.");
    }

    private static async Task<Outcome<bool>> CannotFindTimeAsync(PeerConsultFactory factory, Guid requestId, Guid userId, string? note)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConsultantDeskHandler>().CannotFindTimeAsync(requestId, userId, note, CancellationToken.None);
    }
}
