using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>R1.1 on a 360 px phone: a mother finds the form, makes a mistake, fixes it, and gets her number.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MotherRequestJourney(BrowserAppFixture app)
{
    [Fact]
    public async Task Mother_OnPhone_SubmitsRequestAfterFixingHerPhone_SeesNumberAndWhatsAppLink()
    {
        var page = await app.NewPageAsync(phone: true);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Оставить заявку" }).First.ClickAsync();
        var form = new RequestFormPage(page);
        await Assertions.Expect(form.Submit).ToBeVisibleAsync();

        await form.Name.FillAsync("Вера");
        await form.Phone.FillAsync("12345");
        await form.Telegram.CheckAsync();
        await form.Note.FillAsync("Ребёнку 2 месяца, я очень устала.");
        await form.Submit.ClickAsync();

        // Nothing she typed is lost, and she is told what to fix — including the consent she has not given yet.
        await Assertions.Expect(form.ErrorSummary).ToContainTextAsync("Проверьте номер телефона");
        await Assertions.Expect(form.ErrorSummary).ToContainTextAsync("согласие");
        await Assertions.Expect(form.Name).ToHaveValueAsync("Вера");
        await Assertions.Expect(form.Note).ToHaveValueAsync("Ребёнку 2 месяца, я очень устала.");
        await Assertions.Expect(form.Telegram).ToBeCheckedAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "mother-request-errors-360");

        await form.Phone.FillAsync("8 916 700-11-22");
        await form.Consent.CheckAsync();
        await form.Submit.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Заявка принята" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SentUrl());
        var number = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.GetByText(number).First).ToBeVisibleAsync();

        // The due time is shown in her zone, with the zone named (the clock is 2 March 09:00 UTC; +24 h, Moscow).
        await Assertions.Expect(page.GetByText("03.03.2026 12:00 (Europe/Moscow, UTC+3)")).ToBeVisibleAsync();
        var whatsapp = page.GetByRole(AriaRole.Link, new() { Name = "Написать нам в WhatsApp" });
        await Assertions.Expect(whatsapp).ToHaveAttributeAsync("href", new Regex("^https://wa\\.me/\\d+\\?text=.*" + Regex.Escape(Uri.EscapeDataString(number))));
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-request-sent-360");
    }

    [Fact]
    public async Task Catalog_ChooseConsultant_FormOpensWithHerPreselected()
    {
        var page = await app.NewPageAsync(phone: true);
        await page.GotoAsync("/consultants");
        var card = page.GetByRole(AriaRole.Heading, new() { Name = "Мария Иванова" });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Выбрать.*Мария Иванова|Мария Иванова.*Выбрать") }).Or(
            page.Locator("article, li, section").Filter(new() { Has = card }).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Выбрать") })).First.ClickAsync();

        await Assertions.Expect(page.GetByLabel("Консультант (необязательно)")).ToHaveValueAsync(new Regex("^[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByLabel("Консультант (необязательно)").Locator("option:checked")).ToHaveTextAsync(new Regex("Мария Иванова"));
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "catalog-choice-360");
    }

    [GeneratedRegex("/request/sent/[A-Z0-9]{3}-[A-Z0-9]{3}$")]
    private static partial Regex SentUrl();
}
