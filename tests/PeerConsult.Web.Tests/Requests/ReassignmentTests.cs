using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Features.Requests;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Requests;

/// <summary>R8.3, R4.3: a new consultant ends the meetings booked with the previous one, as the Center, never against the mother.</summary>
public sealed class ReassignmentTests
{
    [Fact]
    public async Task Reassign_WithBookedMeeting_CancelledByCenter_NoViolation_QuartersFreed_BothTold()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var first = await factory.ConsultantWithHoursAsync(admin);
        var second = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, first);
        var meetingId = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{mother.RequestId}/assignment", new { consultantId = second.Id, reason = "Не могут подобрать время" });
        await response.ExpectAsync(HttpStatusCode.OK);

        var meeting = await admin.GetMeetingAsync(meetingId);
        Assert.Equal("cancelled", meeting.Str("status"));
        Assert.Equal("center", meeting.Str("cancelledBy"));
        Assert.Equal("consultant-changed", Assert.Single(meeting.GetProperty("changes").EnumerateArray()).Str("reason"));
        Assert.Empty((await admin.GetMotherAsync(mother.MotherId)).ViolationKinds());

        // The previous consultant's time is free again: another mother of hers books exactly that hour.
        using var other = await factory.MotherWithRequestAsync(admin, first);
        await other.Client.BookOkAsync(other.RequestId, MeetingDriver.Monday10Moscow);

        var kinds = (await admin.MessagesAsync(mother.RequestId)).Kinds();
        Assert.Single(kinds, k => k == RequestActionsHandler.MotherConsultantChangedKind);
        Assert.Single(kinds, k => k == RequestActionsHandler.ConsultantMeetingsCancelledKind);
        var json = await admin.GetRequestAsync(mother.RequestId);
        var assigned = json.GetProperty("history").EnumerateArray().Last(h => h.Str("kind") == "ConsultantAssigned");
        Assert.Equal("1", assigned.GetProperty("data").GetProperty("cancelledMeetings").GetString());
    }

    [Fact]
    public async Task Reassign_NoMeetings_NoMessages_HistorySaysNone()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var first = await factory.ConsultantWithHoursAsync(admin);
        var second = await factory.ConsultantWithHoursAsync(admin);
        var awaiting = await factory.AwaitingMotherContactAsync(admin, first);

        using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{awaiting.Request.Id}/assignment", new { consultantId = second.Id, reason = "Мама попросила" });
        await response.ExpectAsync(HttpStatusCode.OK);

        var kinds = (await admin.MessagesAsync(awaiting.Request.Id)).Kinds();
        Assert.DoesNotContain(RequestActionsHandler.MotherConsultantChangedKind, kinds);
        Assert.DoesNotContain(RequestActionsHandler.ConsultantMeetingsCancelledKind, kinds);
        var json = await admin.GetRequestAsync(awaiting.Request.Id);
        var assigned = json.GetProperty("history").EnumerateArray().Last(h => h.Str("kind") == "ConsultantAssigned");
        Assert.Equal("0", assigned.GetProperty("data").GetProperty("cancelledMeetings").GetString());
    }
}
