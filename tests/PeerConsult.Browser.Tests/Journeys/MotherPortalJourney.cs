using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>A mother on a 360 px phone signs in with a code from a message and sees her request in her portal.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MotherPortalJourney(BrowserAppFixture app)
{
    /// <summary>Юлия from the demo data: her consultant's contact was sent, so her 24-hour clock runs.</summary>
    private const string DemoPhone = "+79031230005";

    [Fact]
    public async Task Mother_OnPhone_SignsInWithCode_SeesHerRequestConsultantAndTimeWithZone()
    {
        var page = await app.NewPageAsync(phone: true);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Вход для мам" }).ClickAsync();
        var portal = new MotherPortalPages(page);

        await Assertions.Expect(portal.Phone).ToHaveAttributeAsync("type", "tel");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-portal-sign-in-360");
        await portal.Phone.FillAsync("8 903 123-00-05");
        await portal.GetCode.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my/code$"));
        await Assertions.Expect(page.GetByText("Если этот номер есть у нас")).ToBeVisibleAsync();
        await Assertions.Expect(portal.Code).ToHaveAttributeAsync("inputmode", "numeric");
        await Assertions.Expect(portal.Code).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-portal-code-360");
        var code = await app.LatestSignInCodeAsync(DemoPhone);

        await portal.Code.FillAsync(code);
        await portal.SignIn.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Здравствуйте, Юлия!" })).ToBeVisibleAsync();
        await Assertions.Expect(portal.RequestSection.GetByText(await DemoNumberAsync(), new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(portal.RequestSection).ToContainTextAsync("Ваш консультант — Елена Кузнецова, +7 916 111-00-03");
        await Assertions.Expect(portal.RequestSection).ToContainTextAsync(new Regex(@"до \d\d\.\d\d\.\d{4} \d\d:\d\d \(Europe/Moscow, UTC\+3\)"));
        await Assertions.Expect(portal.RequestSection.GetByRole(AriaRole.Link, new() { Name = "Написать консультанту в WhatsApp" }))
            .ToHaveAttributeAsync("href", "https://wa.me/79161110003");
        await Assertions.Expect(portal.Checklist).ToContainTextAsync("не медленнее 2 Мбит/с");
        await Assertions.Expect(portal.MyPortalLink).ToBeVisibleAsync();
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-portal-360");
    }

    private async Task<string> DemoNumberAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Requests.Where(r => r.Phone == DemoPhone).Select(r => r.Number).SingleAsync();
    }
}
