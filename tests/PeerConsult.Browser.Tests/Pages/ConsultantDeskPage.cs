using Microsoft.Playwright;

namespace PeerConsult.Browser.Tests.Pages;

/// <summary>The consultant's desk (/consultant), by its headings, labels and button names.</summary>
public sealed class ConsultantDeskPage(IPage page)
{
    public ILocator Main => page.Locator("main");

    public ILocator Mothers => Main.Locator("section[aria-labelledby=h-mothers]");

    public ILocator NeedOutcome => Main.Locator("section[aria-labelledby=h-outcome]");

    public ILocator Recent => Main.Locator("section[aria-labelledby=h-recent]");

    public ILocator Notice => Main.GetByRole(AriaRole.Status);

    public ILocator Meeting(string number) => NeedOutcome.Locator("section.desk-item").Filter(new() { HasText = number });

    public async Task RecordOutcomeAsync(string number, string outcome)
    {
        var meeting = Meeting(number);
        await meeting.GetByRole(AriaRole.Radio, new() { Name = outcome, Exact = true }).CheckAsync();
        await meeting.GetByRole(AriaRole.Button, new() { Name = "Записать итог" }).ClickAsync();
    }
}
