using System.Net;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>R4 changes and R5 violations through POST /api/v1/meetings/{id}/reschedule and /cancel.</summary>
public sealed class ChangeTests
{
    /// <summary>Monday 9 March 10:00 Moscow; her changes close 6 hours earlier, at 01:00 UTC.</summary>
    private static readonly DateTimeOffset Deadline = new(2026, 3, 9, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task MotherMovesInTime_200_ViolationMovedInTime_QuartersMove()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        // 30 minutes later overlaps the old time by half: the meeting's own quarters never block its move.
        var newStart = MeetingDriver.Monday10Moscow.AddHours(1);
        using var response = await mother.Client.PostJsonAsync($"/api/v1/meetings/{id}/reschedule", new { start = newStart });

        var json = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(newStart, json.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(["MovedInTime"], (await admin.GetMotherAsync(mother.MotherId)).ViolationKinds());
        var meeting = await mother.Client.GetMeetingAsync(id);
        var change = Assert.Single(meeting.GetProperty("changes").EnumerateArray());
        Assert.Equal("mother", change.Str("by"));
        Assert.True(change.GetProperty("inTime").GetBoolean());
        var quarters = await factory.QuarterStartsAsync(id);
        Assert.Equal(newStart.UtcDateTime, quarters[0]);
        Assert.Equal(4, quarters.Count);
    }

    [Fact]
    public async Task MotherCancelsInTime_ViolationCancelledInTime_QuartersFreed()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        using var response = await mother.Client.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "Заболел ребёнок" });

        Assert.Equal("cancelled", (await response.ExpectAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal(["CancelledInTime"], (await admin.GetMotherAsync(mother.MotherId)).ViolationKinds());
        Assert.Equal(0, await factory.QuartersAsync(m => m.Id == id));
    }

    [Fact]
    public async Task MotherAfterCutoff_409ChangeCutoffWithDeadline_AdministratorWithEarlierRequestedAt_Allowed()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        factory.SetClock(Deadline.AddHours(1));
        using var late = await factory.MotherClientAsync(mother.MotherId);
        using var refused = await late.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "поздно", requestedAt = Deadline.AddHours(-5) });
        var problem = await refused.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("change-cutoff", problem.Str("code"));
        Assert.Equal(Deadline, DateTimeOffset.Parse(problem.Str("deadline")!, System.Globalization.CultureInfo.InvariantCulture));

        // R4.2: she wrote to the administrator at 00:30 UTC, before the cutoff; entered now, it is judged then.
        using var staff = await factory.CreateAdminClientAsync();
        using var future = await staff.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "написала в WhatsApp", requestedAt = Deadline.AddHours(3) });
        Assert.Equal("in-the-future", await future.ExpectProblemAsync(HttpStatusCode.BadRequest));
        using var allowed = await staff.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "написала в WhatsApp", requestedAt = Deadline.AddMinutes(-30) });
        await allowed.ExpectAsync(HttpStatusCode.OK);

        var meeting = await staff.GetMeetingAsync(id);
        Assert.True(meeting.GetProperty("cancelledInTime").GetBoolean());
        Assert.Equal(Deadline.AddMinutes(-30), Assert.Single(meeting.GetProperty("changes").EnumerateArray()).GetProperty("requestedAt").GetDateTimeOffset());
        var profile = await staff.GetMotherAsync(mother.MotherId);
        var violation = Assert.Single(profile.GetProperty("violations").EnumerateArray());
        Assert.Equal("CancelledInTime", violation.Str("kind"));
        Assert.Equal(Deadline.AddMinutes(-30), violation.At("occurredAt"));
    }

    [Fact]
    public async Task ConsultantMovesAndCenterCancels_NoViolation()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        await factory.SetPasswordAsync(consultant.Email, "consultant-password-1");
        using var consultantClient = await factory.LoginAsync(consultant.Email, "consultant-password-1");

        using (var moved = await consultantClient.PostJsonAsync($"/api/v1/meetings/{id}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddDays(1), initiator = "mother" }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        using (var cancelled = await admin.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "Центр закрыт", initiator = "center" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }

        var meeting = await admin.GetMeetingAsync(id);
        Assert.Equal(["consultant", "center"], meeting.GetProperty("changes").EnumerateArray().Select(c => c.Str("by")).ToList());
        Assert.Empty((await admin.GetMotherAsync(mother.MotherId)).ViolationKinds());
    }

    [Fact]
    public async Task MoveChecksHoursWeeklyRuleAndOverlap_AndAnotherMotherCannotTouchIt()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        using var other = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(7));
        await other.Client.BookOkAsync(other.RequestId, MeetingDriver.Monday10Moscow.AddDays(-2));

        async Task<string?> MoveAsync(HttpClient client, DateTimeOffset start, HttpStatusCode status)
        {
            using var response = await client.PostJsonAsync($"/api/v1/meetings/{id}/reschedule", new { start });
            return await response.ExpectProblemAsync(status);
        }

        Assert.Equal("outside-availability", await MoveAsync(admin, MeetingDriver.Monday10Moscow.AddHours(12), HttpStatusCode.BadRequest));
        Assert.Equal("weekly-limit", await MoveAsync(admin, MeetingDriver.Monday10Moscow.AddDays(3), HttpStatusCode.Conflict));
        Assert.Equal("slot-taken", await MoveAsync(admin, MeetingDriver.Monday10Moscow.AddDays(-2), HttpStatusCode.Conflict));
        Assert.Equal("same-start", await MoveAsync(admin, MeetingDriver.Monday10Moscow, HttpStatusCode.BadRequest));
        Assert.Equal("meeting-not-found", await MoveAsync(other.Client, MeetingDriver.Monday10Moscow.AddHours(1), HttpStatusCode.NotFound));
        Assert.Empty((await admin.GetMotherAsync(mother.MotherId)).ViolationKinds());
    }

    [Fact]
    public async Task SecondViolationWithin30Days_Refused_FutureMeetingsCancelled_RequestClosed_OneKindMessage()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var first = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        var second = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(7));
        var load = await factory.WithDbAsync(db => db.Consultants.Where(c => c.Id == consultant.Id).Select(c => c.ActiveMothers).SingleAsync());

        using (var moved = await mother.Client.PostJsonAsync($"/api/v1/meetings/{first}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddHours(2) }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal("Eligible", (await admin.GetMotherAsync(mother.MotherId)).Str("eligibility"));
        using (var cancelled = await mother.Client.PostJsonAsync($"/api/v1/meetings/{second}/cancel", new { reason = "не смогу" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }

        var profile = await admin.GetMotherAsync(mother.MotherId);
        Assert.Equal("PeerServiceRefused", profile.Str("eligibility"));
        Assert.Equal(["CancelledInTime", "MovedInTime"], profile.ViolationKinds());
        Assert.All(profile.GetProperty("meetings").EnumerateArray(), m => Assert.Equal("cancelled", m.Str("status")));
        Assert.Equal("center", (await admin.GetMeetingAsync(first)).Str("cancelledBy"));

        var request = await admin.GetRequestAsync(mother.RequestId);
        Assert.Equal("closed", request.Str("status"));
        Assert.Equal("peer-service-refused", request.Str("closedReason"));
        var refusal = Assert.Single(await admin.MessagesAsync(mother.RequestId), m => m.Str("kind") == "mother.peer-service-refused");
        Assert.Equal("mother", refusal.Str("recipient"));
        Assert.Contains("https://example.org/paid-services", refusal.Str("body"), StringComparison.Ordinal);
        Assert.Contains("30 д", refusal.Str("body"), StringComparison.Ordinal);

        var after = await factory.WithDbAsync(db => db.Consultants.Where(c => c.Id == consultant.Id).Select(c => c.ActiveMothers).SingleAsync());
        Assert.Equal(0, await factory.QuartersAsync(m => m.ConsultantId == consultant.Id));
        Assert.Equal(load - 1, after);

        // Refused: no new bookings (R6).
        using var again = await admin.BookAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(14));
        Assert.Equal("invalid-status", await again.ExpectProblemAsync(HttpStatusCode.Conflict));
    }
}
