using System.Net.Http.Headers;
using System.Net.Http.Json;
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

/// <summary>A consultant on a 360 px phone signs in, sees her mother and a meeting that has passed, and records "мама не пришла".</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsultantJourney(BrowserAppFixture app)
{
    private const string Password = "Consultant-Pass-2026";

    [Fact]
    public async Task Consultant_OnPhone_SeesHerMotherAndPastMeeting_RecordsNoShow()
    {
        var email = $"olga{Guid.NewGuid():N}@browser.test";
        var (number, requestId) = await ConsultantWithMotherAsync(email);
        await PastMeetingAsync(requestId);

        var page = await app.NewPageAsync(phone: true);
        await new AdminPages(page).SignInAsync(email, Password);
        var desk = new ConsultantDeskPage(page);

        // Consultants land on their own desk; times are in her zone (Yekaterinburg), the mother's clock named with it.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/consultant$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Здравствуйте, Ольга Смирнова!" })).ToBeVisibleAsync();
        var mother = desk.Mothers.Locator("section.desk-item").Filter(new() { HasText = number });
        await Assertions.Expect(mother).ToContainTextAsync("Вера");
        await Assertions.Expect(mother).ToContainTextAsync("Ждём, когда мама свяжется с консультантом");
        await Assertions.Expect(mother).ToContainTextAsync("Мама должна написать вам до 03.03.2026 14:00 (Asia/Yekaterinburg, UTC+5)");
        await Assertions.Expect(desk.Meeting(number)).ToContainTextAsync("02.03.2026 13:00 (Asia/Yekaterinburg, UTC+5)");
        await Assertions.Expect(desk.NeedOutcome).ToContainTextAsync("никогда не засчитываются");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "consultant-desk-360");

        await desk.RecordOutcomeAsync(number, "Мама не пришла");

        await Assertions.Expect(desk.Notice).ToHaveTextAsync("Итог записан: Мама не пришла.");
        await Assertions.Expect(desk.Meeting(number)).ToHaveCountAsync(0);
        await Assertions.Expect(desk.Recent.GetByRole(AriaRole.Listitem).Filter(new() { HasText = number })).ToContainTextAsync("Мама не пришла");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "consultant-desk-outcome-360");

        // Her hours: a mistake is explained and what she typed stays; fixed, they are saved in her zone.
        await page.GetByRole(AriaRole.Link, new() { Name = "Мои часы", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Мои часы приёма" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Мой часовой пояс")).ToHaveValueAsync("Asia/Yekaterinburg");
        var first = page.GetByRole(AriaRole.Group, new() { Name = "Промежуток 1" });
        await first.GetByLabel("День").SelectOptionAsync("Monday");
        await first.GetByLabel("С", new() { Exact = true }).FillAsync("10:00");
        await first.GetByLabel("До", new() { Exact = true }).FillAsync("09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить часы" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Промежуток 1: конец должен быть позже начала.");
        first = page.GetByRole(AriaRole.Group, new() { Name = "Промежуток 1" });
        await Assertions.Expect(first.GetByLabel("День")).ToHaveValueAsync("Monday");
        await Assertions.Expect(first.GetByLabel("С", new() { Exact = true })).ToHaveValueAsync("10:00");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "consultant-hours-error-360");

        await first.GetByLabel("До", new() { Exact = true }).FillAsync("13:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить часы" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Часы приёма сохранены.");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Промежуток 1" }).GetByLabel("До", new() { Exact = true })).ToHaveValueAsync("13:00");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "consultant-hours-360");
    }

    /// <summary>Through the administrator's API: a consultant in Yekaterinburg, and a mother whose consultant contact was sent.</summary>
    private async Task<(string Number, Guid RequestId)> ConsultantWithMotherAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using (var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = BrowserAppFixture.AdminEmail, password = BrowserAppFixture.AdminPassword }))
        {
            login.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        }

        Guid consultantId;
        using (var created = await http.PostAsJsonAsync("/api/v1/consultants", new
        {
            displayName = "Ольга Смирнова",
            email,
            phone = "+79167770011",
            timeZone = "Asia/Yekaterinburg",
            bio = "Мама двоих детей.",
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
        string number;
        using (var submitted = await http.PostAsJsonAsync("/api/v1/requests", new { name = "Вера", phone = "+79167770022", timeZone = "Europe/Moscow", consentAccepted = true }))
        {
            submitted.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync());
            requestId = json.RootElement.GetProperty("id").GetGuid();
            number = json.RootElement.GetProperty("number").GetString()!;
        }

        foreach (var (action, body) in new (string, object)[] { ("contacts", new { channel = "whatsapp" }), ("assignment", new { consultantId }), ("consultant-contact-sent", new { }) })
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/requests/{requestId}/{action}", body);
            response.EnsureSuccessStatusCode();
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("No consultant account.");
        Assert.True((await users.AddPasswordAsync(user, Password)).Succeeded);
        return (number, requestId);
    }

    /// <summary>
    /// A meeting that started an hour before the app's clock. Scheduling refuses the past, so it is scheduled ahead and
    /// then moved back in the database: test-only setup, so the shared clock never moves for the other journeys.
    /// </summary>
    private async Task PastMeetingAsync(Guid requestId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<CenterPolicy>>().Value;
        var request = await db.Requests.SingleAsync(r => r.Id == requestId);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var meeting = Meeting.Schedule(request.Id, request.MotherId, request.ConsultantId!.Value, now.AddDays(1), policy.MeetingLength, now, policy).Value!;
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        var start = now.AddHours(-1);
        await db.Meetings.Where(m => m.Id == meeting.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Start, start).SetProperty(m => m.End, start + policy.MeetingLength));
    }
}
