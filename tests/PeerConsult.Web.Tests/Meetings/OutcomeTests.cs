using System.Net;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>POST /api/v1/meetings/{id}/outcome: the meeting's consultant or an administrator, after the start.</summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task BeforeStart_409BeforeStart_AfterStartNoShow_Violation()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        await factory.SetPasswordAsync(consultant.Email, "consultant-password-1");
        using (var early = await factory.LoginAsync(consultant.Email, "consultant-password-1"))
        {
            using var response = await early.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "mother-no-show" });
            Assert.Equal("before-start", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        }

        factory.SetClock(MeetingDriver.Monday10Moscow.AddMinutes(15));
        using var consultantClient = await factory.LoginAsync(consultant.Email, "consultant-password-1");
        using (var bad = await consultantClient.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "great" }))
        {
            Assert.Equal("invalid-outcome", await bad.ExpectProblemAsync(HttpStatusCode.BadRequest));
        }

        using (var byMother = await factory.MotherClientAsync(mother.MotherId))
        {
            using var response = await byMother.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "held" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var noShow = await consultantClient.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "mother-no-show" }))
        {
            Assert.Equal("mother-no-show", (await noShow.ExpectAsync(HttpStatusCode.OK)).Str("status"));
        }

        using var staff = await factory.CreateAdminClientAsync();
        var profile = await staff.GetMotherAsync(mother.MotherId);
        var violation = Assert.Single(profile.GetProperty("violations").EnumerateArray());
        Assert.Equal("NoShow", violation.Str("kind"));
        Assert.Equal(MeetingDriver.Monday10Moscow, violation.At("occurredAt"));

        // A missed meeting keeps its quarters (history) and still counts for the weekly rule (R3.2).
        Assert.Equal(4, await factory.QuartersAsync(m => m.Id == id));
        Assert.Equal("2026-03-16", profile.Str("nextBookableDate"));

        using var twice = await consultantClient.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "held" });
        Assert.Equal("invalid-status", await twice.ExpectProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task AnotherConsultant_404_TechnicalFailure_NoViolation_QuartersFreed()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        var request = await factory.AwaitingMotherContactAsync(admin, consultant);
        var id = await admin.BookOkAsync(request.Id, MeetingDriver.Monday10Moscow);
        var stranger = await factory.CreateConsultantAsync(admin);
        await factory.SetPasswordAsync(stranger.Email, "consultant-password-2");

        factory.SetClock(MeetingDriver.Monday10Moscow.AddMinutes(5));
        using var strangerClient = await factory.LoginAsync(stranger.Email, "consultant-password-2");
        using (var response = await strangerClient.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "held" }))
        {
            Assert.Equal("meeting-not-found", await response.ExpectProblemAsync(HttpStatusCode.NotFound));
        }

        using var staff = await factory.CreateAdminClientAsync();
        using (var failed = await staff.PostJsonAsync($"/api/v1/meetings/{id}/outcome", new { outcome = "technical-failure" }))
        {
            await failed.ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Empty((await staff.GetMotherAsync(request.MotherId)).ViolationKinds());
        Assert.Equal(0, await factory.QuartersAsync(m => m.Id == id));
    }
}
