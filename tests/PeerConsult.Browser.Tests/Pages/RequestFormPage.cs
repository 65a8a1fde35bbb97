using Microsoft.Playwright;

namespace PeerConsult.Browser.Tests.Pages;

/// <summary>The public request form (/request), found the way a person finds it: by labels and button names.</summary>
public sealed class RequestFormPage(IPage page)
{
    public ILocator Name => page.GetByLabel("Ваше имя");

    public ILocator Phone => page.GetByLabel("Телефон", new() { Exact = true });

    public ILocator Telegram => page.GetByRole(AriaRole.Radio, new() { Name = "Telegram" });

    public ILocator Note => page.GetByLabel("Коротко о том, что вас беспокоит (необязательно)");

    public ILocator Consent => page.GetByRole(AriaRole.Checkbox, new() { Name = "Я согласна на обработку моих персональных данных" });

    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Отправить заявку" });

    public ILocator ErrorSummary => page.GetByRole(AriaRole.Alert);

    public Task OpenAsync() => page.GotoAsync("/request");
}
