using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>An app of its own for the video journeys: its clock moves, Jitsi is a local stand-in, Chromium has fake camera and microphone.</summary>
public sealed class VideoAppFixture : IAsyncLifetime
{
    public const string AppId = "peerconsult-browser";
    public const string Secret = "browser-test-secret-0123456789";

    public FakeJitsi Jitsi { get; private set; } = null!;

    public BrowserAppFixture App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Jitsi = await FakeJitsi.StartAsync();
        App = new BrowserAppFixture(
            new Dictionary<string, string?>
            {
                ["Video:JitsiBaseUrl"] = Jitsi.BaseUrl.ToString(),
                ["Video:JitsiAppId"] = AppId,
                ["Video:JitsiSecret"] = Secret,
                ["Video:StatePollInterval"] = "00:00:01",
            },
            ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"]);
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Jitsi.DisposeAsync();
    }
}

/// <summary>
/// The pre-meeting check with Chromium's fake camera and microphone, and the meeting room for its two people on the
/// server's clock: the embedded room and its token, the 10- and 5-minute warnings, "refuse: video off" and her explanation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VideoJourney(VideoAppFixture video) : IClassFixture<VideoAppFixture>
{
    private const string Password = "Consultant-Pass-2026";
    private static readonly string[] Media = ["camera", "microphone"];

    private BrowserAppFixture App => video.App;

    [Fact]
    public async Task Check_OnPhone_ShowsPreview_MovingMicrophoneLevel_AndMeasuredSpeed()
    {
        var page = await App.NewPageAsync(phone: true, permissions: Media);
        await page.GotoAsync("/check");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Проверка перед встречей" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Начать проверку" }).ClickAsync();

        await page.WaitForFunctionAsync("() => { const v = document.getElementById('preview'); return v.videoWidth > 0 && v.currentTime > 0; }");
        await Assertions.Expect(page.Locator("[data-camera-status]")).ToHaveTextAsync("Камера работает: вы видите себя выше.");
        var levels = new HashSet<double>();
        for (var i = 0; i < 30 && levels.Count < 3; i++)
        {
            levels.Add(await page.EvaluateAsync<double>("() => document.getElementById('mic-level').value"));
            await page.WaitForTimeoutAsync(100);
        }

        Assert.True(levels.Count >= 3 && levels.Max() > 0, "The level meter did not move: " + string.Join(", ", levels));
        await Assertions.Expect(page.Locator("[data-mic-status]")).ToHaveTextAsync("Микрофон работает.");
        await Assertions.Expect(page.Locator("[data-net-status]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^Загрузка [\d\s,]+ Мбит/с, отправка [\d\s,]+ Мбит/с\.$"), new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("[data-net-verdict]")).ToHaveTextAsync("Скорости хватает для видео (нужно от 2 Мбит/с).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить результат" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-save-status]")).ToHaveTextAsync("Результат показан только вам и нигде не сохранён.");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "check-360");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Check_PermissionDenied_ExplainsHowToFixIt()
    {
        // A Chromium of its own without the fake permission prompt: nothing is granted, so the page is refused.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PEERCONSULT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--use-fake-device-for-media-stream", "--deny-permission-prompts"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 360, Height = 780 }, Locale = "ru-RU", IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        await page.GetByRole(AriaRole.Button, new() { Name = "Начать проверку" }).ClickAsync();

        var problem = page.Locator("[data-media-problem]");
        await Assertions.Expect(problem).ToBeVisibleAsync();
        await Assertions.Expect(problem).ToContainTextAsync("Доступ к камере или микрофону запрещён. Разрешите его в браузере");
        await Assertions.Expect(problem).ToContainTextAsync("iPhone, Safari:");
        await Assertions.Expect(problem).ToContainTextAsync("Android, Chrome:");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "check-denied-360");
    }

    [Fact]
    public async Task Room_ForHerAndHerConsultantOnly_WarnsAt10And5Minutes_RefuseVideoOffExplainedToHer()
    {
        var m = await MeetingAsync();
        App.Clock.SetUtcNow(m.Start.AddMinutes(-30));

        // She checks first, signed in: the result is kept with this meeting.
        var mother = await App.NewPageAsync(phone: true, permissions: Media);
        await new MotherPortalPages(mother).SignInAsync(App, m.MotherPhone, "Лиза");
        await mother.GetByRole(AriaRole.Link, new() { Name = "Проверить камеру, микрофон и интернет" }).First.ClickAsync();
        await mother.GetByRole(AriaRole.Button, new() { Name = "Начать проверку" }).ClickAsync();
        await Assertions.Expect(mother.Locator("[data-net-verdict]")).ToBeVisibleAsync(new() { Timeout = 30000 });
        foreach (var box in await mother.Locator("[data-place]").AllAsync())
        {
            await box.CheckAsync();
        }

        await mother.GetByRole(AriaRole.Button, new() { Name = "Сохранить результат" }).ClickAsync();
        await Assertions.Expect(mother.Locator("[data-save-status]")).ToHaveTextAsync("Сохранено. Консультант увидит результат перед встречей.");

        App.Clock.SetUtcNow(m.Start.AddMinutes(-5));
        await mother.GotoAsync("/my");
        await mother.GetByRole(AriaRole.Link, new() { Name = "Войти во встречу" }).ClickAsync();
        await Assertions.Expect(mother).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/meetings/{m.MeetingId}/room$"));
        var room = await RoomAsync(mother);
        var herToken = await mother.EvaluateAsync<string>("() => window.fakeJitsi.jwt");
        Assert.False(Claims(herToken).GetProperty("moderator").GetBoolean());
        Assert.Equal("Лиза", await mother.EvaluateAsync<string>("() => window.fakeJitsi.displayName"));
        await Assertions.Expect(mother.Locator("[data-room-timer]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Начало через [45]:\d\d$"));

        var consultant = await App.NewPageAsync(phone: false, permissions: Media);
        await new AdminPages(consultant).SignInAsync(m.ConsultantEmail, Password);
        await consultant.GetByRole(AriaRole.Link, new() { Name = "Войти во встречу" }).First.ClickAsync();
        Assert.Equal(room, await RoomAsync(consultant));
        var token = Claims(await consultant.EvaluateAsync<string>("() => window.fakeJitsi.jwt"));
        Assert.True(token.GetProperty("moderator").GetBoolean());
        Assert.Equal(room, token.GetProperty("room").GetString());
        Assert.Equal(VideoAppFixture.AppId, token.GetProperty("iss").GetString());
        Assert.False(await consultant.EvaluateAsync<bool>("() => window.fakeJitsi.configOverwrite.startWithVideoMuted"));
        Assert.False(await consultant.EvaluateAsync<bool>("() => window.fakeJitsi.configOverwrite.startWithAudioMuted"));
        var check = consultant.GetByRole(AriaRole.Region, new() { Name = "Проверка у мамы перед встречей" });
        await Assertions.Expect(check).ToContainTextAsync("Камера: в порядке");
        await Assertions.Expect(check).ToContainTextAsync("Место для встречи: в порядке");
        await BrowserAppFixture.ScreenshotAsync(consultant, "room-consultant-before-start");

        // Anyone else — here the administrator — is refused.
        var admin = await App.NewPageAsync(phone: false);
        await new AdminPages(admin).SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
        var refused = await admin.GotoAsync($"/meetings/{m.MeetingId}/room");
        Assert.Equal(404, refused!.Status);
        await admin.Context.CloseAsync();

        // The server's clock, not the phone's, drives the countdown: the pages re-sync and warn at 10 and then 5 minutes.
        App.Clock.SetUtcNow(m.End.AddMinutes(-10).AddSeconds(30));
        await Assertions.Expect(mother.Locator("[data-room-warning]")).ToHaveTextAsync("Осталось 10 минут — можно понемногу подводить итог.");
        await Assertions.Expect(consultant.Locator("[data-room-warning]")).ToHaveTextAsync("Осталось 10 минут — можно понемногу подводить итог.");
        await Assertions.Expect(mother.Locator("[data-room-timer]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^До конца встречи 9:\d\d$"));
        await Layout.AssertFitsScreenAsync(mother);
        await BrowserAppFixture.ScreenshotAsync(mother, "room-mother-10-minutes-360");
        App.Clock.SetUtcNow(m.End.AddMinutes(-5).AddSeconds(30));
        await Assertions.Expect(mother.Locator("[data-room-warning]")).ToHaveTextAsync("Осталось 5 минут — можно понемногу подводить итог.");
        await BrowserAppFixture.ScreenshotAsync(mother, "room-mother-5-minutes-360");

        // Both joined (Jitsi's event), recorded for the administrator.
        var kinds = await WithDbAsync(db => db.MeetingJoins.Where(j => j.MeetingId == m.MeetingId).Select(j => j.Role + ":" + j.Kind).ToListAsync());
        Assert.Contains("Mother:Joined", kinds);
        Assert.Contains("Consultant:Joined", kinds);

        // R7.3: her video is off; the consultant refuses after confirming, and the mother's page explains why.
        await consultant.ReloadAsync();
        await consultant.GetByText("Отказать: видео выключено").ClickAsync();
        await consultant.GetByRole(AriaRole.Button, new() { Name = "Да, отказать во встрече" }).ClickAsync();
        await Assertions.Expect(consultant.GetByRole(AriaRole.Status)).ToHaveTextAsync("Записано: встреча не состоялась, видео было выключено.");
        await Assertions.Expect(mother.GetByText("Консультант завершила встречу, потому что ваша камера была выключена.")).ToBeVisibleAsync();
        await Assertions.Expect(mother.Locator("#jitsi")).ToHaveCountAsync(0);
        await Layout.AssertFitsScreenAsync(mother);
        await BrowserAppFixture.ScreenshotAsync(mother, "room-mother-refused-360");
        Assert.Equal(MeetingStatus.RefusedVideoOff, await WithDbAsync(db => db.Meetings.Where(x => x.Id == m.MeetingId).Select(x => x.Status).SingleAsync()));
        await mother.Context.CloseAsync();
        await consultant.Context.CloseAsync();

        // The administrator's record of the meeting: who came in and when, and the mother's check, on a desk and a phone.
        foreach (var phone in new[] { false, true })
        {
            var record = await App.NewPageAsync(phone: phone);
            await new AdminPages(record).SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
            await record.GotoAsync($"/admin/meetings/{m.MeetingId}");
            var joins = record.Locator("section[aria-labelledby=h-joins]");
            await Assertions.Expect(joins).ToContainTextAsync("Лиза (мама) вошла в видео");
            await Assertions.Expect(joins).ToContainTextAsync("(консультант) вошла в видео");
            await Assertions.Expect(record.Locator("section[aria-labelledby=h-checks]")).ToContainTextAsync("Камера: в порядке");
            await Layout.AssertFitsScreenAsync(record);
            await BrowserAppFixture.ScreenshotAsync(record, phone ? "admin-meeting-360" : "admin-meeting-1280");
            await record.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Room_WhenJitsiCannotLoad_SaysSoAndOffersTheDirectLink()
    {
        var m = await MeetingAsync();
        App.Clock.SetUtcNow(m.Start.AddMinutes(-2));
        var consultant = await App.NewPageAsync(phone: true, permissions: Media);
        await consultant.RouteAsync("**/external_api.js", route => route.AbortAsync());
        await new AdminPages(consultant).SignInAsync(m.ConsultantEmail, Password);
        await consultant.GotoAsync($"/meetings/{m.MeetingId}/room");

        var failed = consultant.Locator("[data-jitsi-failed]");
        await Assertions.Expect(failed).ToContainTextAsync("Видео не загрузилось на этой странице.");
        await Assertions.Expect(consultant.Locator("#jitsi")).ToBeHiddenAsync();
        var link = failed.GetByRole(AriaRole.Link, new() { Name = "Открыть в Jitsi" });
        var href = await link.GetAttributeAsync("href");
        Assert.StartsWith(video.Jitsi.BaseUrl + "peerconsult-", href, StringComparison.Ordinal);
        Assert.Contains("?jwt=", href, StringComparison.Ordinal);
        Assert.Contains("config.startWithVideoMuted=false", href, StringComparison.Ordinal);
        await Layout.AssertFitsScreenAsync(consultant);
        await BrowserAppFixture.ScreenshotAsync(consultant, "room-jitsi-unavailable-360");
        await consultant.Context.CloseAsync();
    }

    private static async Task<string> RoomAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.fakeJitsi");
        var room = await page.EvaluateAsync<string>("() => window.fakeJitsi.roomName");
        Assert.Equal(await page.Locator("#jitsi").GetAttributeAsync("data-room"), room);
        await Assertions.Expect(page.FrameLocator("#jitsi iframe").Locator("#room")).ToHaveTextAsync(room);
        return room;
    }

    private static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1];
        return JsonDocument.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload))).RootElement.Clone();
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private sealed record Booked(Guid MeetingId, DateTimeOffset Start, DateTimeOffset End, string MotherPhone, string ConsultantEmail);

    /// <summary>Through the administrator's API: a consultant, a mother whose contact was sent, and a meeting three hours ahead.</summary>
    private async Task<Booked> MeetingAsync()
    {
        var n = Random.Shared.Next(1_000_000, 9_999_999);
        var email = $"video{n}@browser.test";
        var motherPhone = $"+7926{n}";
        using var http = new HttpClient { BaseAddress = App.BaseAddress };
        using (var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = BrowserAppFixture.AdminEmail, password = BrowserAppFixture.AdminPassword }))
        {
            login.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        }

        Guid consultantId;
        using (var created = await http.PostAsJsonAsync("/api/v1/consultants", new
        {
            displayName = "Ирина Волкова",
            email,
            phone = $"+7925{n}",
            timeZone = "Europe/Moscow",
            bio = "Мама троих детей.",
            topics = new[] { "сон" },
            languages = new[] { "ru" },
            maxActiveMothers = 3,
            published = false,
        }))
        {
            created.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            consultantId = json.RootElement.GetProperty("id").GetGuid();
        }

        Guid requestId;
        using (var submitted = await http.PostAsJsonAsync("/api/v1/requests", new { name = "Лиза", phone = motherPhone, timeZone = "Europe/Moscow", consentAccepted = true }))
        {
            submitted.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync());
            requestId = json.RootElement.GetProperty("id").GetGuid();
        }

        foreach (var (action, body) in new (string, object)[] { ("contacts", new { channel = "whatsapp" }), ("assignment", new { consultantId }), ("consultant-contact-sent", new { }) })
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/requests/{requestId}/{action}", body);
            response.EnsureSuccessStatusCode();
        }

        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("No consultant account.");
        Assert.True((await users.AddPasswordAsync(user, Password)).Succeeded);

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<CenterPolicy>>().Value;
        var request = await db.Requests.SingleAsync(r => r.Id == requestId);
        var now = App.Clock.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(3);
        var meeting = Meeting.Schedule(request.Id, request.MotherId, consultantId, start, policy.MeetingLength, now, policy).Value!;
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return new Booked(meeting.Id, new DateTimeOffset(meeting.Start), new DateTimeOffset(meeting.End), motherPhone, email);
    }
}
