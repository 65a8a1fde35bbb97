using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>Russian by default, English on request (and remembered); the rules read their numbers from the policy.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageAndRulesJourney(BrowserAppFixture app)
{
    [Fact]
    public async Task Visitor_ReadsRulesInRussian_SwitchesToEnglish_LanguageStaysOnNextPage()
    {
        var page = await app.NewPageAsync(phone: true);
        await page.GotoAsync("/rules");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Правила Центра");

        // R1.2, R2.1, R4.1 numbers as the policy says (24 h, 24 h, 6 h), in words.
        await Assertions.Expect(page.GetByText("не позже чем через 24 часа после этого")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("не позднее чем за 6 часов до её начала")).ToBeVisibleAsync();
        await Layout.AssertFitsScreenAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Язык: English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("The Center's rules");

        await page.GotoAsync("/request");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send request" })).ToBeVisibleAsync();
        await BrowserAppFixture.ScreenshotAsync(page, "request-form-en-360");
    }
}
