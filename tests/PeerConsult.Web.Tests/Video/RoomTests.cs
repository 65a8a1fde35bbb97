using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Video;

/// <summary>/meetings/{id}/room: the two people of the meeting, inside the window; the token; "refuse: video off" (R7.3).</summary>
public sealed partial class RoomTests
{
    private const string Password = "consultant-password-1";
    private const string AppId = "peerconsult-test";
    private const string Secret = "a-test-secret-of-enough-length-2026";
    private static readonly DateTimeOffset Start = MeetingDriver.Monday10Moscow;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Window_OpensTenMinutesBefore_ClosesTenMinutesAfterTheEnd_OnlyForHerAndHerConsultant(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var m = await MeetingAsync(factory);

        factory.SetClock(Start.AddMinutes(-10).AddSeconds(-1));
        using var mother = await m.MotherAsync();
        using var consultant = await m.ConsultantAsync();
        var early = await PageAsync(mother, m.Url);
        Assert.Contains("Комната ещё закрыта", early, StringComparison.Ordinal);
        Assert.DoesNotContain("data-room=", early, StringComparison.Ordinal);

        factory.SetClock(Start.AddMinutes(-10));
        var open = await PageAsync(mother, m.Url);
        var room = RoomName().Match(open).Groups[1].Value;
        Assert.Matches("^peerconsult-[0-9a-f]{32}$", room);
        Assert.Contains("data-script=\"https://meet.jit.si/external_api.js\"", open, StringComparison.Ordinal);
        Assert.Contains("data-domain=\"meet.jit.si\"", open, StringComparison.Ordinal);
        Assert.Contains("data-jwt=\"\"", open, StringComparison.Ordinal);

        // Her consultant gets the same room; it was made once.
        var hers = await PageAsync(consultant, m.Url);
        Assert.Equal(room, RoomName().Match(hers).Groups[1].Value);
        Assert.Equal(1, await factory.WithDbAsync(db => db.MeetingRooms.CountAsync(r => r.MeetingId == m.MeetingId)));

        // Nobody else: another mother, another consultant, the administrator — the meeting is simply not found.
        using var admin = await factory.CreateAdminClientAsync();
        using var otherConsultant = await factory.CreateConsultantClientAsync(admin);
        using var stranger = await factory.MotherWithRequestAsync(admin, await factory.ConsultantWithHoursAsync(admin));
        foreach (var client in new[] { admin, otherConsultant, stranger.Client })
        {
            using var refused = await client.GetAsync(m.Url);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        // Signed out: asked to sign in, nothing of the meeting shown.
        using (var anonymous = factory.CreateClient())
        {
            var page = await PageAsync(anonymous, m.Url);
            Assert.Contains("сначала войдите", page, StringComparison.Ordinal);
            Assert.DoesNotContain(room, page, StringComparison.Ordinal);
        }

        factory.SetClock(Start.AddMinutes(60 + 10).AddSeconds(-1));
        using var later = await m.MotherAsync();
        Assert.Contains(room, await PageAsync(later, m.Url), StringComparison.Ordinal);
        factory.SetClock(Start.AddMinutes(60 + 10));
        var closed = await PageAsync(later, m.Url);
        Assert.Contains("Комната закрыта", closed, StringComparison.Ordinal);
        Assert.DoesNotContain(room, closed, StringComparison.Ordinal);

        // Who opened the room and when, for the administrator.
        using var staff = await factory.CreateAdminClientAsync();
        using var log = await staff.GetAsync($"/api/v1/meetings/{m.MeetingId}/attendance");
        var joins = (await log.ExpectAsync(HttpStatusCode.OK)).GetProperty("joins").EnumerateArray()
            .Select(j => (j.GetProperty("role").GetString(), j.GetProperty("kind").GetString(), j.GetProperty("at").GetString())).ToList();
        Assert.Equal(
            [("Mother", "Opened", "2026-03-09T06:50:00+00:00"), ("Consultant", "Opened", "2026-03-09T06:50:00+00:00"), ("Mother", "Opened", "2026-03-09T08:09:59+00:00")],
            joins);
        var adminPage = await PageAsync(staff, $"/admin/meetings/{m.MeetingId}");
        Assert.Contains("09.03.2026 09:50 (Europe/Moscow, UTC", adminPage, StringComparison.Ordinal);
        Assert.Contains("Анна (мама) открыла страницу встречи", adminPage, StringComparison.Ordinal);
        Assert.Contains("Назначена", adminPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WhenConfigured_SignedHs256_ClaimsForTheRoomAndWindow_ModeratorOnlyForTheConsultant()
    {
        using var factory = PeerConsultFactory.With(("Video:JitsiBaseUrl", "https://video.example.org/"), ("Video:JitsiAppId", AppId), ("Video:JitsiSecret", Secret));
        var m = await MeetingAsync(factory);
        factory.SetClock(Start.AddMinutes(-5));
        using var mother = await m.MotherAsync();
        using var consultant = await m.ConsultantAsync();

        var motherPage = await PageAsync(mother, m.Url);
        var consultantPage = await PageAsync(consultant, m.Url);
        var room = RoomName().Match(motherPage).Groups[1].Value;
        Assert.Contains("data-domain=\"video.example.org\"", motherPage, StringComparison.Ordinal);
        var motherToken = Jwt().Match(motherPage).Groups[1].Value;
        var consultantToken = Jwt().Match(consultantPage).Groups[1].Value;

        foreach (var (token, moderator, name) in new[] { (motherToken, false, "Анна"), (consultantToken, true, (string?)null) })
        {
            var parts = token.Split('.');
            Assert.Equal(3, parts.Length);
            using var header = JsonDocument.Parse(Base64Url(parts[0]));
            Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
            var expected = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            Assert.Equal(expected, Base64Url(parts[2]));

            using var payload = JsonDocument.Parse(Base64Url(parts[1]));
            var claims = payload.RootElement;
            Assert.Equal("jitsi", claims.GetProperty("aud").GetString());
            Assert.Equal(AppId, claims.GetProperty("iss").GetString());
            Assert.Equal("video.example.org", claims.GetProperty("sub").GetString());
            Assert.Equal(room, claims.GetProperty("room").GetString());
            Assert.Equal(Start.AddMinutes(-5).ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
            Assert.Equal(Start.AddMinutes(-10).ToUnixTimeSeconds(), claims.GetProperty("nbf").GetInt64());

            // Short-lived: it ends when the room closes, 10 minutes after the planned end.
            Assert.Equal(Start.AddMinutes(70).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
            Assert.Equal(moderator, claims.GetProperty("moderator").GetBoolean());
            var user = claims.GetProperty("context").GetProperty("user");
            Assert.Equal(moderator ? "true" : "false", user.GetProperty("moderator").GetString());
            Assert.Equal(moderator ? "owner" : "member", user.GetProperty("affiliation").GetString());
            Assert.True(Guid.TryParse(user.GetProperty("id").GetString(), out _));
            if (name is not null)
            {
                Assert.Equal(name, user.GetProperty("name").GetString());
            }
        }

        // The direct link carries the token for Jitsi's own page.
        Assert.Contains($"https://video.example.org/{room}?jwt=", motherPage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RefuseVideoOff_ByTheConsultant_AfterConfirming_IsTheR73Outcome_AndAViolation(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var m = await MeetingAsync(factory);

        // Before the start there is nothing to refuse yet.
        factory.SetClock(Start.AddMinutes(-5));
        using (var early = await m.ConsultantAsync())
        {
            Assert.DoesNotContain("RefuseVideoOff", await PageAsync(early, m.Url), StringComparison.Ordinal);
        }

        factory.SetClock(Start.AddMinutes(7));
        using var consultant = await m.ConsultantAsync();
        using var mother = await m.MotherAsync();
        var page = await PageAsync(consultant, m.Url);
        Assert.Contains("Отказать: видео выключено", page, StringComparison.Ordinal);

        // The mother cannot use the consultant's button.
        using (var byMother = await PostAsync(mother, m.Url + "?handler=RefuseVideoOff", await PageAsync(mother, m.Url), ("confirmed", "true")))
        {
            Assert.Equal(HttpStatusCode.NotFound, byMother.StatusCode);
        }

        // Without the confirmation nothing is recorded.
        using (var unconfirmed = await PostAsync(consultant, m.Url + "?handler=RefuseVideoOff", page, ("confirmed", "false")))
        {
            Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
            Assert.Contains("Подтвердите отказ", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("scheduled", (await consultant.GetMeetingAsync(m.MeetingId)).GetProperty("status").GetString());

        using (var refused = await PostAsync(consultant, m.Url + "?handler=RefuseVideoOff", page, ("confirmed", "true")))
        {
            // Post/redirect/get: the consultant's page now says what was recorded.
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(m.Url, refused.Headers.Location?.OriginalString);
            Assert.Contains("Записано: встреча не состоялась, видео было выключено.", await PageAsync(consultant, m.Url), StringComparison.Ordinal);
        }

        using var admin = await factory.CreateAdminClientAsync();
        var profile = await admin.GetMotherAsync(m.MotherId);
        var violation = Assert.Single(profile.GetProperty("violations").EnumerateArray());
        Assert.Equal("VideoOff", violation.GetProperty("kind").GetString());
        Assert.Equal("refused-video-off", (await admin.GetMeetingAsync(m.MeetingId)).GetProperty("status").GetString());

        // Her page explains why; the room is gone for both; the state the pages poll says so.
        var hers = await PageAsync(mother, m.Url);
        Assert.Contains("потому что ваша камера была выключена", hers, StringComparison.Ordinal);
        Assert.DoesNotContain("data-room=", hers, StringComparison.Ordinal);
        using var state = await mother.GetAsync(m.Url + "?handler=State");
        var json = await state.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("RefusedVideoOff", json.GetProperty("status").GetString());
        Assert.Equal("2026-03-09T07:07:00+00:00", json.GetProperty("now").GetString());

        using var log = await admin.GetAsync($"/api/v1/meetings/{m.MeetingId}/attendance");
        Assert.Equal("RefusedVideoOff", (await log.ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    /// <summary>A meeting on Monday 9 March 10:00 Moscow; sign-ins are made later, at the instant each step needs (tokens last an hour).</summary>
    private static async Task<Booked> MeetingAsync(PeerConsultFactory factory)
    {
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var meetingId = await mother.Client.BookOkAsync(mother.RequestId, Start);
        await factory.SetPasswordAsync(consultant.Email, Password);
        return new Booked(factory, mother.MotherId, consultant.Email, meetingId);
    }

    private sealed record Booked(PeerConsultFactory Factory, Guid MotherId, string ConsultantEmail, Guid MeetingId)
    {
        public string Url => $"/meetings/{MeetingId}/room";

        public Task<HttpClient> MotherAsync() => Factory.MotherClientAsync(MotherId);

        /// <summary>Her client does not follow redirects (a followed redirect would drop the bearer token), so a test sees post/redirect/get.</summary>
        public async Task<HttpClient> ConsultantAsync()
        {
            var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = ConsultantEmail, password = Password });
            var token = (await login.ExpectAsync(HttpStatusCode.OK)).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return client;
        }
    }

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string page, params (string Name, string Value)[] fields)
    {
        var token = WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value);
        var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__RequestVerificationToken", token)]);
        return client.PostAsync(url, content);
    }

    private static byte[] Base64Url(string part) => System.Buffers.Text.Base64Url.DecodeFromChars(part);

    [GeneratedRegex("data-room=\"([^\"]+)\"")]
    private static partial Regex RoomName();

    [GeneratedRegex("data-jwt=\"([^\"]+)\"")]
    private static partial Regex Jwt();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
