using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;

namespace PeerConsult.Browser.Tests.Pages;

/// <summary>The mother's sign-in (/my, /my/code) and her portal, by labels and names as she sees them.</summary>
public sealed class MotherPortalPages(IPage page)
{
    public ILocator Phone => page.GetByLabel("Номер телефона");

    public ILocator GetCode => page.GetByRole(AriaRole.Button, new() { Name = "Получить код" });

    public ILocator Code => page.GetByLabel("Код из сообщения");

    public ILocator SignIn => page.GetByRole(AriaRole.Button, new() { Name = "Войти", Exact = true });

    public ILocator RequestSection => page.GetByRole(AriaRole.Region, new() { Name = "Ваша заявка" });

    public ILocator Checklist => page.GetByRole(AriaRole.Region, new() { Name = "Как подготовиться к встрече" });

    public ILocator MyPortalLink => page.GetByRole(AriaRole.Link, new() { Name = "Мой кабинет" });

    /// <summary>Signs the mother in as she would: her number, then the code her messenger received.</summary>
    public async Task SignInAsync(BrowserAppFixture app, string phone, string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        await page.GotoAsync("/my");
        await Phone.FillAsync(phone);
        await GetCode.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my/code$"));
        await Code.FillAsync(await app.LatestSignInCodeAsync(phone));
        await SignIn.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Здравствуйте, {name}!" })).ToBeVisibleAsync();
    }
}
