using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Video;

/// <summary>/check: the speed-test endpoints are bounded; a signed-in mother's result is kept with her next meeting and shown to her consultant.</summary>
public sealed partial class CheckTests
{
    [Fact]
    public async Task SpeedTest_ServesAndTakesUpToItsLimits_RefusesMore_AndLimitsEachAddress()
    {
        using var factory = PeerConsultFactory.With(("Video:MaxDownloadBytes", "131072"), ("Video:MaxUploadBytes", "131072"), ("Video:SpeedTestPerIpLimit", "3"));
        using var client = factory.CreateClient();

        using (var download = await client.GetAsync("/check/download?bytes=131072"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(131072, (await download.Content.ReadAsByteArrayAsync()).Length);
            Assert.Equal("no-store", download.Headers.CacheControl?.ToString());
        }

        using (var tooBig = await client.GetAsync("/check/download?bytes=131073"))
        {
            Assert.Equal("invalid-size", await tooBig.ExpectProblemAsync(HttpStatusCode.BadRequest));
        }

        using (var upload = await client.PostAsync("/check/upload", new ByteArrayContent(new byte[131072])))
        {
            Assert.Equal(131072, (await upload.ExpectAsync(HttpStatusCode.OK)).GetProperty("received").GetInt64());
        }

        using (var tooMuch = await client.PostAsync("/check/upload", new ByteArrayContent(new byte[131073])))
        {
            Assert.Equal("too-large", await tooMuch.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge));
        }

        // Three allowed per address and window (the refused oversize requests counted none): the fourth is 429.
        using (var third = await client.GetAsync("/check/download?bytes=1024"))
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }

        using var limited = await client.GetAsync("/check/download?bytes=1024");
        Assert.Equal("rate-limited", await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests));
        Assert.Equal("60", limited.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Result_SignedInMother_KeptWithHerNextMeeting_ShownToHerConsultant_AnonymousNotStored()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var meetingId = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        var report = new { cameraOk = true, microphoneOk = true, mediaProblem = (string?)null, downloadMbps = 12.5, uploadMbps = 1.5, placeReady = true, browser = "Mozilla/5.0 (Linux; Android 14) Chrome/131" };

        using (var anonymous = factory.CreateClient())
        {
            var answer = await PostResultAsync(anonymous, report);
            Assert.False(answer.GetProperty("saved").GetBoolean());
        }

        var page = await GetAsync(mother.Client, "/check");
        Assert.Contains("Результат сохранится для вашей встречи 09.03.2026 10:00 (Europe/Moscow, UTC", page, StringComparison.Ordinal);
        var saved = await PostResultAsync(mother.Client, report);
        Assert.True(saved.GetProperty("saved").GetBoolean());
        using (var forged = await PostRawAsync(mother.Client, new { cameraOk = true, microphoneOk = true, downloadMbps = double.MaxValue / 2, uploadMbps = 3, placeReady = true, mediaProblem = "hacked" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        var stored = await factory.WithDbAsync(db => db.PreMeetingChecks.SingleAsync());
        Assert.Equal(meetingId, stored.MeetingId);
        Assert.Equal(PeerConsultFactory.Start.UtcDateTime, stored.At);

        // 1.5 Mbit/s up is below the policy's 2: the connection fails, the rest passes.
        Assert.False(stored.ConnectionOk);
        Assert.True(stored.CameraOk && stored.MicrophoneOk && stored.PlaceReady);

        factory.SetClock(MeetingDriver.Monday10Moscow.AddMinutes(-15));
        await factory.SetPasswordAsync(consultant.Email, "consultant-password-1");
        using var hers = await factory.LoginAsync(consultant.Email, "consultant-password-1");
        var room = await GetAsync(hers, $"/meetings/{meetingId}/room");
        Assert.Contains("Проверка сделана 02.03.2026", room, StringComparison.Ordinal);
        Assert.Contains("загрузка 12,5 Мбит/с, отправка 1,5 Мбит/с — медленнее нужного", room, StringComparison.Ordinal);
        Assert.Contains("Android 14", room, StringComparison.Ordinal);
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return body;
    }

    private static async Task<System.Text.Json.JsonElement> PostResultAsync(HttpClient client, object report)
    {
        using var response = await PostRawAsync(client, report);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, object report)
    {
        var page = await GetAsync(client, "/check");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/check?handler=Result") { Content = JsonContent.Create(report) };
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value));
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
