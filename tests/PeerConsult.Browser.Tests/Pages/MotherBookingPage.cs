using Microsoft.Playwright;

namespace PeerConsult.Browser.Tests.Pages;

/// <summary>/my/book: a day is a group named by its date, each free time a radio named by its local time.</summary>
public sealed class MotherBookingPage(IPage page)
{
    public ILocator Days => page.GetByRole(AriaRole.Group);

    public ILocator Book => page.GetByRole(AriaRole.Button, new() { Name = "Записаться на выбранное время" });

    public ILocator MoveHere => page.GetByRole(AriaRole.Button, new() { Name = "Перенести на выбранное время" });

    public ILocator Notice => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Встреча назначена на" });

    public ILocator MeetingSection => page.GetByRole(AriaRole.Region, new() { Name = "Ваша встреча" });

    /// <summary>Picks the first time of the <paramref name="day"/>-th day and returns the instant it stands for (UTC, ISO).</summary>
    public async Task<string> ChooseFirstTimeOfDayAsync(int day)
    {
        var radio = Days.Nth(day).GetByRole(AriaRole.Radio).First;
        await radio.CheckAsync();
        return await radio.GetAttributeAsync("value") ?? "";
    }
}
