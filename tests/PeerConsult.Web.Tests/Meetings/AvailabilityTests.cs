using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>PUT/GET /api/v1/consultants/{id}/availability: the consultant herself or an administrator.</summary>
public sealed class AvailabilityTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task PutThenGet_ByTheConsultantHerself_RoundTrips()
    {
        var (id, client) = await SignedInConsultantAsync();
        using var _ = client;
        var body = new
        {
            timeZone = "Asia/Yekaterinburg",
            weekly = new[] { new { day = "monday", start = "10:00", end = "14:00" }, new { day = "thursday", start = "18:00", end = "20:30" } },
            exceptions = new object[] { new { date = "2026-03-09" }, new { date = "2026-03-11", start = "10:00", end = "12:00" } },
        };

        using (var put = await client.PutAsJsonAsync($"/api/v1/consultants/{id}/availability", body))
        {
            await put.ExpectAsync(HttpStatusCode.OK);
        }

        var json = await (await client.GetAsync($"/api/v1/consultants/{id}/availability")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Asia/Yekaterinburg", json.GetProperty("timeZone").GetString());
        var weekly = json.GetProperty("weekly").EnumerateArray().Select(w => $"{w.GetProperty("day")} {w.GetProperty("start")}-{w.GetProperty("end")}").ToList();
        Assert.Equal(["monday 10:00-14:00", "thursday 18:00-20:30"], weekly);
        var exceptions = json.GetProperty("exceptions").EnumerateArray().ToList();
        Assert.Equal("2026-03-09", exceptions[0].GetProperty("date").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, exceptions[0].GetProperty("start").ValueKind);
        Assert.Equal("12:00", exceptions[1].GetProperty("end").GetString());
    }

    [Theory]
    [InlineData("Europe/Moscow", "funday", "10:00", "14:00", "invalid-availability")]
    [InlineData("Europe/Moscow", "monday", "14:00", "10:00", "invalid-availability")]
    [InlineData("Europe/Moscow", "monday", "10:10", "14:00", "invalid-availability")]
    [InlineData("Europe/Moscow", "monday", "10", "14:00", "invalid-availability")]
    [InlineData("Mars/Olympus", "monday", "10:00", "14:00", "invalid-time-zone")]
    [InlineData("MSK", "monday", "10:00", "14:00", "invalid-time-zone")]
    public async Task Put_BadInput_400WithCode(string zone, string day, string start, string end, string code)
    {
        var consultant = await factory.CreateConsultantAsync();
        using var admin = await factory.CreateAdminClientAsync();
        var body = new { timeZone = zone, weekly = new[] { new { day, start, end } }, exceptions = Array.Empty<object>() };

        using var response = await admin.PutAsJsonAsync($"/api/v1/consultants/{consultant.Id}/availability", body);

        Assert.Equal(code, await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Put_OverlappingWindows_400()
    {
        var consultant = await factory.CreateConsultantAsync();
        using var admin = await factory.CreateAdminClientAsync();
        var body = new
        {
            timeZone = "Europe/Moscow",
            weekly = new[] { new { day = "monday", start = "10:00", end = "14:00" }, new { day = "monday", start = "13:00", end = "15:00" } },
            exceptions = Array.Empty<object>(),
        };

        using var response = await admin.PutAsJsonAsync($"/api/v1/consultants/{consultant.Id}/availability", body);

        Assert.Equal("invalid-availability", await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnotherConsultant_CannotReadOrEdit_403()
    {
        var other = await factory.CreateConsultantAsync();
        var (_, client) = await SignedInConsultantAsync();
        using var _ = client;

        using var put = await client.PutAsJsonAsync($"/api/v1/consultants/{other.Id}/availability", MeetingDriver.EveryDay());
        Assert.Equal("forbidden", await put.ExpectProblemAsync(HttpStatusCode.Forbidden));
        using var get = await client.GetAsync($"/api/v1/consultants/{other.Id}/availability");
        Assert.Equal("forbidden", await get.ExpectProblemAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task UnknownConsultant_404_Anonymous_401()
    {
        using var admin = await factory.CreateAdminClientAsync();
        using var missing = await admin.PutAsJsonAsync($"/api/v1/consultants/{Guid.NewGuid()}/availability", MeetingDriver.EveryDay());
        Assert.Equal("consultant-not-found", await missing.ExpectProblemAsync(HttpStatusCode.NotFound));

        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PutAsJsonAsync($"/api/v1/consultants/{Guid.NewGuid()}/availability", MeetingDriver.EveryDay());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<(Guid Id, HttpClient Client)> SignedInConsultantAsync()
    {
        var consultant = await factory.CreateConsultantAsync();
        await factory.SetPasswordAsync(consultant.Email, "consultant-password-1");
        return (consultant.Id, await factory.LoginAsync(consultant.Email, "consultant-password-1"));
    }
}
