using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>
/// R5.1–R5.2 as a mother lives them on her phone: under the Center's rule a cancelled meeting counts, so after the
/// second cancellation within 30 days her portal explains, kindly, that free consultations have ended.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MotherRefusalJourney(BrowserAppFixture app)
{
    private const string Phone = "+79167770055";

    [Fact]
    public async Task Mother_CancelsTwiceWithinAMonth_PortalTurnsIntoTheRefusalExplanation()
    {
        await PrepareAsync();
        var page = await app.NewPageAsync(phone: true);
        await new MotherPortalPages(page).SignInAsync(app, Phone, "Полина");
        var booking = new MotherBookingPage(page);

        await BookFirstTimeAsync(page, booking);
        await CancelAsync(page);
        await Assertions.Expect(page.GetByText(new Regex("Ещё один пропуск или перенос до .* — и бесплатные консультации прекратятся"))).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "mother-last-chance-360");

        await BookFirstTimeAsync(page, booking);
        await CancelAsync(page);

        // The refusal: why (the rule, with its numbers), what remains (paid services), and no booking any more.
        await Assertions.Expect(page.GetByText("По правилам Центра после этого бесплатные консультации прекращаются.", new() { Exact = false }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Платные услуги Центра" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Выбрать время встречи" })).ToHaveCountAsync(0);

        // Her history says what happened to each meeting and that both counted.
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Ваши встречи" });
        await Assertions.Expect(history.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Assertions.Expect(history.GetByText("учтено как пропуск или перенос")).ToHaveCountAsync(2);
        await Assertions.Expect(history).ToContainTextAsync("вы отменили или перенесли встречу");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-refused-360");
    }

    private static async Task BookFirstTimeAsync(IPage page, MotherBookingPage booking)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Выбрать время встречи" }).ClickAsync();
        await booking.ChooseFirstTimeOfDayAsync(0);
        await booking.Book.ClickAsync();
        await Assertions.Expect(booking.Notice).ToBeVisibleAsync();
    }

    private static async Task CancelAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Region, new() { Name = "Ваша встреча" }).GetByRole(AriaRole.Link, new() { Name = "Отменить" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Отмена встречи" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Отменить встречу" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my$"));
    }

    /// <summary>Her request as the administrator processes it (API), and her consultant's hours (the handler the API uses).</summary>
    private async Task PrepareAsync()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using (var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = BrowserAppFixture.AdminEmail, password = BrowserAppFixture.AdminPassword }))
        {
            login.EnsureSuccessStatusCode();
            using var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        }

        var requestId = await PostAsync(http, "/api/v1/requests", new { name = "Полина", phone = Phone, timeZone = "Europe/Moscow", consentAccepted = true }, "id");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var consultantId = await db.Consultants.Where(c => c.DisplayName == "Анна Смирнова").Select(c => c.Id).SingleAsync();
        await PostAsync(http, $"/api/v1/requests/{requestId}/contacts", new { channel = "whatsapp", note = "Договорились" }, "status");
        await PostAsync(http, $"/api/v1/requests/{requestId}/assignment", new { consultantId }, "status");
        await PostAsync(http, $"/api/v1/requests/{requestId}/consultant-contact-sent", new { }, "status");

        var adminId = await db.Users.Where(u => u.Email == BrowserAppFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        var hours = new AvailabilityInput("Europe/Moscow", [.. Enum.GetNames<DayOfWeek>().Select(d => new WindowInput(d, "15:00", "17:00"))], []);
        var saved = await scope.ServiceProvider.GetRequiredService<AvailabilityHandler>().PutAsync(consultantId, hours, new Caller(adminId, true, false, false), CancellationToken.None);
        Assert.True(saved.IsSuccess);
    }

    private static async Task<string> PostAsync(HttpClient http, string path, object body, string property)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty(property).ToString();
    }
}
