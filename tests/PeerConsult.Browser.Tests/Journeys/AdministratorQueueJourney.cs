using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>R1.2–R1.3 as the administrator lives them: the queue with its 24-hour clock, contact, assignment, contact sent.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdministratorQueueJourney(BrowserAppFixture app)
{
    [Fact]
    public async Task Administrator_SeesNewRequestWithItsClock_RecordsContactAssignsAndSendsContact()
    {
        var number = await SubmitRequestAsync("Алина", "+79167001234");
        var page = await app.NewPageAsync(phone: false);
        var admin = new AdminPages(page);

        await admin.SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
        await Assertions.Expect(admin.QueueHeading).ToBeVisibleAsync();
        var row = admin.QueueTable.GetByRole(AriaRole.Row).Filter(new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("Алина");

        // The clock: due 24 h after submission (2 March 12:00 Moscow + 24 h), shown with its zone.
        await Assertions.Expect(row).ToContainTextAsync("03.03.2026 12:00 (Europe/Moscow, UTC+3)");
        await Assertions.Expect(row).ToContainTextAsync("Срок идёт");

        // The live countdown counts from the server's clock (here the test's), not the browser's.
        await Assertions.Expect(row).ToContainTextAsync("осталось 24 ч");
        await BrowserAppFixture.ScreenshotAsync(page, "admin-queue-1280");

        await admin.RequestLink(number).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Заявка № {number}" })).ToBeVisibleAsync();
        await Assertions.Expect(admin.Main.GetByRole(AriaRole.Link, new() { Name = "Написать маме в WhatsApp" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://wa\\.me/79167001234\\?text="));

        await admin.RecordContactAsync("Договорились о консультанте на этой неделе.");
        await Assertions.Expect(admin.Notice).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Договорились о консультанте на этой неделе.").First).ToBeVisibleAsync();

        await admin.AssignAsync("Елена Кузнецова");
        await Assertions.Expect(admin.Notice).ToContainTextAsync("Елена Кузнецова");

        await admin.MarkContactSentAsync();
        await Assertions.Expect(admin.Notice).ToBeVisibleAsync();

        // The history tells the whole story, in order, with who did it.
        var history = page.GetByRole(AriaRole.Region, new() { Name = "История" }).Or(page.Locator("section[aria-labelledby=h-history]"));
        await Assertions.Expect(history.First).ToContainTextAsync("Заявка подана");
        await Assertions.Expect(history.First).ToContainTextAsync("Записан контакт с мамой");
        await Assertions.Expect(history.First).ToContainTextAsync("Назначен консультант");
        await Assertions.Expect(history.First).ToContainTextAsync("Маме отправлен контакт консультанта");
        await BrowserAppFixture.ScreenshotAsync(page, "admin-request-1280");

        // Phone-sized, the same page still fits the screen.
        var phone = await app.NewPageAsync(phone: true);
        await new AdminPages(phone).SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
        await phone.GotoAsync(page.Url);
        await BrowserAppFixture.ScreenshotAsync(phone, "admin-request-360");
        await Layout.AssertFitsScreenAsync(phone);

        // The queue itself on a phone: nothing sticks out sideways.
        await phone.GotoAsync("/admin");
        await Assertions.Expect(new AdminPages(phone).QueueHeading).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(phone, "admin-queue-360");
        await Layout.AssertFitsScreenAsync(phone);
    }

    [Fact]
    public async Task Anonymous_OpensQueue_IsSentToSignIn()
    {
        var page = await app.NewPageAsync(phone: true);
        await page.GotoAsync("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Вход для сотрудников" })).ToBeVisibleAsync();
    }

    private async Task<string> SubmitRequestAsync(string name, string phone)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await http.PostAsJsonAsync("/api/v1/requests", new { name, phone, timeZone = "Europe/Moscow", consentAccepted = true });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("number").GetString()!;
    }
}
