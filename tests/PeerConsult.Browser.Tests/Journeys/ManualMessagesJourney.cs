using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>A Center without a messenger account: the administrator sends a mother's message by hand and reads her reply.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManualMessagesJourney(BrowserAppFixture app)
{
    [Fact]
    public async Task Administrator_OpensWhatsAppWithThePreparedText_MarksItSent_AndSeesHerReplyOnTheRequest()
    {
        const string phone = "+79167005566";
        using (var http = new HttpClient { BaseAddress = app.BaseAddress })
        {
            using var response = await http.PostAsJsonAsync("/api/v1/requests", new { name = "Вероника", phone, timeZone = "Europe/Moscow", consentAccepted = true });
            response.EnsureSuccessStatusCode();
        }

        // She asks for a sign-in code; with no messenger configured the dispatcher hands it to the administrator.
        var mother = await app.NewPageAsync(phone: true);
        await mother.GotoAsync("/my");
        var portal = new MotherPortalPages(mother);
        await portal.Phone.FillAsync(phone);
        await portal.GetCode.ClickAsync();
        await Assertions.Expect(portal.Code).ToBeVisibleAsync();
        var code = await app.LatestSignInCodeAsync(phone);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync(app.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        var page = await app.NewPageAsync(phone: true);
        await new AdminPages(page).SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
        await page.GotoAsync("/admin/messages");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Отправить вручную: \\d+") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Отправить вручную", Exact = true })).ToBeVisibleAsync();

        var card = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Маме: Вероника" }) });
        await Assertions.Expect(card).ToContainTextAsync(code);
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Открыть в WhatsApp" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://wa\\.me/79167005566\\?text=%D0%92%D0%B0%D1%88%20%D0%BA%D0%BE%D0%B4"));
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "admin-manual-messages-360");
        await Layout.AssertFitsScreenAsync(page);

        await card.GetByRole(AriaRole.Button, new() { Name = "Отправлено" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Отмечено как отправленное.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Маме: Вероника" })).ToHaveCountAsync(0);

        // She answers on WhatsApp; the reply shows on her request.
        Guid requestId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var motherId = await db.Mothers.Where(m => m.Phone == phone).Select(m => m.Id).SingleAsync();
            requestId = await db.Requests.Where(r => r.MotherId == motherId).Select(r => r.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<InboundMessages>()
                .StoreAsync("whatsapp", "wamid.BROWSER1", motherId, "Спасибо, код пришёл! Можно вечером?", app.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        await page.GotoAsync($"/admin/requests/{requestId}");
        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Переписка: что написала мама" });
        await Assertions.Expect(conversation).ToContainTextAsync("Спасибо, код пришёл! Можно вечером?");
        await Assertions.Expect(conversation).ToContainTextAsync("WhatsApp");
        await conversation.ScrollIntoViewIfNeededAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "admin-request-conversation-360");
        await Layout.AssertFitsScreenAsync(page);
    }

    /// <summary>
    /// WhatsApp accepted a reminder and reported it undelivered later: it waits on the manual list with the reason, and
    /// the card still fits a phone.
    /// </summary>
    [Fact]
    public async Task Administrator_SeesWhyWhatsAppDidNotCarryAMessage_OnThePhone()
    {
        const string phone = "+79167005577";
        using (var http = new HttpClient { BaseAddress = app.BaseAddress })
        {
            using var response = await http.PostAsJsonAsync("/api/v1/requests", new { name = "Алина", phone, timeZone = "Europe/Moscow", consentAccepted = true });
            response.EnsureSuccessStatusCode();
        }

        const string Reason = "whatsapp: failed after it was accepted (131049 This message was not delivered to maintain healthy ecosystem engagement.)";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var request = await db.Requests.Where(r => r.Phone == phone).Select(r => new { r.Id, r.MotherId }).SingleAsync();
            var message = OutboxMessage.Create("mother.reminder", $"browser:{request.Id}", RecipientKind.Mother, request.MotherId, request.Id, "manual",
                "Алина, здравствуйте! Напишите, пожалуйста, консультанту.", app.Clock.GetUtcNow().UtcDateTime);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            await db.OutboxMessages.Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Manual).SetProperty(m => m.FallbackNote, Reason));
        }

        var page = await app.NewPageAsync(phone: true);
        await new AdminPages(page).SignInAsync(BrowserAppFixture.AdminEmail, BrowserAppFixture.AdminPassword);
        await page.GotoAsync("/admin/messages/manual");
        var card = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Маме: Алина" }) });
        await Assertions.Expect(card).ToContainTextAsync("Не дошло другим путём: " + Reason);
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "admin-manual-whatsapp-failed-360");
        await Layout.AssertFitsScreenAsync(page);
    }
}
