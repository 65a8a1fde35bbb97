using Microsoft.Playwright;

namespace PeerConsult.Browser.Tests.Pages;

/// <summary>Staff sign-in and the administrator's queue and request page, by their labels and names.</summary>
public sealed class AdminPages(IPage page)
{
    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Эл. почта").FillAsync(email);
        await page.GetByLabel("Пароль").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
    }

    public ILocator QueueHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Заявки", Exact = true });

    public ILocator QueueTable => page.GetByRole(AriaRole.Table, new() { Name = "Заявки, самые срочные сверху" });

    public ILocator RequestLink(string number) => page.GetByRole(AriaRole.Link, new() { Name = number, Exact = true });

    public ILocator Main => page.Locator("main");

    public Task RecordContactAsync(string note) => RecordContactAsync(note, "WhatsApp");

    public async Task RecordContactAsync(string note, string channel)
    {
        await Main.GetByRole(AriaRole.Radio, new() { Name = channel, Exact = true }).CheckAsync();
        await Main.GetByLabel("О чём договорились").FillAsync(note);
        await Main.GetByRole(AriaRole.Button, new() { Name = "Записать контакт" }).ClickAsync();
    }

    public async Task AssignAsync(string consultant)
    {
        var select = Main.GetByLabel("Консультант", new() { Exact = true });
        var option = await select.Locator("option", new() { HasTextString = consultant }).First.GetAttributeAsync("value");
        await select.SelectOptionAsync(option!);
        await Main.GetByRole(AriaRole.Button, new() { Name = "Назначить консультанта" }).ClickAsync();
    }

    public Task MarkContactSentAsync() =>
        Main.GetByRole(AriaRole.Button, new() { Name = "Контакт консультанта отправлен" }).ClickAsync();

    public ILocator Notice => page.GetByRole(AriaRole.Status);
}
