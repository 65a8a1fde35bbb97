using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>POST /api/v1/meetings: every check on the server, in the documented order, each with its stable code.</summary>
public sealed class BookingTests
{
    [Fact]
    public async Task MotherBooksOwnRequest_201_RequestInTouch_ConsultantTold_NextBookableDateShown()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);

        using var response = await mother.Client.BookAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        var json = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(MeetingDriver.Monday10Moscow, json.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(MeetingDriver.Monday10Moscow.AddMinutes(60), json.GetProperty("end").GetDateTimeOffset());
        Assert.EndsWith($"/api/v1/meetings/{json.GetProperty("id").GetGuid()}", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        // R2.3: booking with her consultant is contact; her 24/48-hour clock stops.
        var request = await admin.GetRequestAsync(mother.RequestId);
        Assert.Equal("in-touch", request.Str("status"));
        Assert.Equal(PeerConsultFactory.Start, request.At("motherContactedAt"));

        var booked = Assert.Single(await admin.MessagesAsync(mother.RequestId), m => m.Str("kind") == "consultant.meeting-booked");
        Assert.Equal("consultant", booked.Str("recipient"));
        Assert.Contains("09.03.2026 10:00", booked.Str("body"), StringComparison.Ordinal);
        Assert.DoesNotContain("вскармлив", booked.Str("body"), StringComparison.Ordinal);

        var profile = await admin.GetMotherAsync(mother.MotherId);
        Assert.Equal("2026-03-16", profile.Str("nextBookableDate"));
        var meeting = Assert.Single(profile.GetProperty("meetings").EnumerateArray());
        Assert.Equal("scheduled", meeting.Str("status"));

        Assert.Equal(4, await factory.QuartersAsync(m => m.ConsultantId == consultant.Id));
    }

    [Fact]
    public async Task AdministratorBooksOnHerBehalf_201()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        var request = await factory.AwaitingMotherContactAsync(admin, consultant);

        await admin.BookOkAsync(request.Id, MeetingDriver.Monday10Moscow);

        Assert.Equal("in-touch", (await admin.GetRequestAsync(request.Id)).Str("status"));
    }

    [Fact]
    public async Task RequestNotYetWithConsultant_409InvalidStatus()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var submitted = await factory.SubmitRequestAsync();

        using var response = await admin.BookAsync(submitted.Id, MeetingDriver.Monday10Moscow);

        Assert.Equal("invalid-status", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task MotherNotEligible_403NotEligible()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        await factory.WithDbAsync(async db =>
        {
            var policy = new CenterPolicy();
            var m = await db.Mothers.SingleAsync(x => x.Id == mother.MotherId);
            m.RestrictToPaidForNoContact(mother.RequestId, "X", PeerConsultFactory.Start.UtcDateTime, policy, PeerConsultFactory.Start.UtcDateTime);
            return await db.SaveChangesAsync();
        });

        using var response = await mother.Client.BookAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        Assert.Equal("not-eligible", await response.ExpectProblemAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task StartInThePast_400()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);

        using var response = await mother.Client.BookAsync(mother.RequestId, PeerConsultFactory.Start.AddHours(-1));

        Assert.Equal("in-the-past", await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task OutsideHerHours_400()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);

        // 22:00 Moscow: after her 09:00–21:00 hours; 10:30 is inside them but off her hourly slots.
        using var late = await mother.Client.BookAsync(mother.RequestId, new DateTimeOffset(2026, 3, 9, 22, 0, 0, TimeSpan.FromHours(3)));
        Assert.Equal("outside-availability", await late.ExpectProblemAsync(HttpStatusCode.BadRequest));
        using var offGrid = await mother.Client.BookAsync(mother.RequestId, new DateTimeOffset(2026, 3, 9, 10, 30, 0, TimeSpan.FromHours(3)));
        Assert.Equal("outside-availability", await offGrid.ExpectProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task SecondMeetingSameWeek_409WeeklyLimitWithFirstAllowedDate()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        using var response = await mother.Client.BookAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(6));

        var json = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("weekly-limit", json.Str("code"));
        Assert.Equal("2026-03-16", json.Str("firstAllowedDate"));
        await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(7));
    }

    [Fact]
    public async Task SlotAlreadyBookedByAnotherMother_409SlotTaken()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var first = await factory.MotherWithRequestAsync(admin, consultant);
        using var second = await factory.MotherWithRequestAsync(admin, consultant);
        await first.Client.BookOkAsync(first.RequestId, MeetingDriver.Monday10Moscow);

        using var response = await second.Client.BookAsync(second.RequestId, MeetingDriver.Monday10Moscow);

        Assert.Equal("slot-taken", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal("awaiting-mother-contact", (await admin.GetRequestAsync(second.RequestId)).Str("status"));
    }

    /// <summary>404, not 403: another mother's request is not hers to know about (ownership is inside the query).</summary>
    [Fact]
    public async Task MotherBookingSomeoneElsesRequest_404_ConsultantCannotBook_403()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mine = await factory.MotherWithRequestAsync(admin, consultant);
        var theirs = await factory.AwaitingMotherContactAsync(admin, consultant);

        using var response = await mine.Client.BookAsync(theirs.Id, MeetingDriver.Monday10Moscow);
        Assert.Equal("request-not-found", await response.ExpectProblemAsync(HttpStatusCode.NotFound));

        await factory.SetPasswordAsync(consultant.Email, "consultant-password-1");
        using var consultantClient = await factory.LoginAsync(consultant.Email, "consultant-password-1");
        using var byConsultant = await consultantClient.BookAsync(theirs.Id, MeetingDriver.Monday10Moscow);
        Assert.Equal(HttpStatusCode.Forbidden, byConsultant.StatusCode);

        Assert.Equal(0, await factory.WithDbAsync(db => db.Meetings.CountAsync()));
    }

    [Fact]
    public async Task PolicyMeetingLength_IsWhatGetsBooked()
    {
        using var factory = PeerConsultFactory.With(("Policy:MeetingLength", "00:45:00"));
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        var request = await factory.AwaitingMotherContactAsync(admin, consultant);

        // 45-minute slots step from the window's start (09:00, 09:45, 10:30, …): 10:00 is not one of them.
        using (var offSlot = await admin.BookAsync(request.Id, MeetingDriver.Monday10Moscow))
        {
            Assert.Equal("outside-availability", await offSlot.ExpectProblemAsync(HttpStatusCode.BadRequest));
        }

        using var response = await admin.BookAsync(request.Id, MeetingDriver.Monday10Moscow.AddMinutes(-15));

        var json = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(MeetingDriver.Monday10Moscow.AddMinutes(30), json.GetProperty("end").GetDateTimeOffset());
        var policy = factory.Services.GetRequiredService<IOptions<CenterPolicy>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(45), policy.MeetingLength);
        Assert.Equal(3, await factory.QuartersAsync(m => true));
    }
}
