using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeerConsult.Browser.Tests.Infrastructure;
using PeerConsult.Browser.Tests.Pages;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Browser.Tests.Journeys;

/// <summary>A mother in Berlin on a 360 px phone books a meeting with her Moscow consultant, then moves it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MotherBookingJourney(BrowserAppFixture app)
{
    /// <summary>Ксения from the demo data: her consultant's contact was sent; she lives in Europe/Berlin.</summary>
    private const string DemoPhone = "+79031230006";

    [Fact]
    public async Task Mother_OnPhone_BooksASlot_ThenMovesIt_SeesEachTimeInHerZone()
    {
        await GiveHerConsultantHoursAsync();
        var page = await app.NewPageAsync(phone: true);
        await new MotherPortalPages(page).SignInAsync(app, DemoPhone, "Ксения");
        var booking = new MotherBookingPage(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Выбрать время встречи" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my/book$"));
        await Assertions.Expect(page.GetByText("Время указано по вашему поясу Europe/Berlin, UTC+1; у консультанта — Europe/Moscow, UTC+3.")).ToBeVisibleAsync();
        // 09:00 in Moscow is 07:00 in Berlin: the times are hers.
        await Assertions.Expect(booking.Days.First.GetByRole(AriaRole.Radio, new() { Name = "07:00" })).ToBeVisibleAsync();
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-booking-slots-360");
        var first = await booking.ChooseFirstTimeOfDayAsync(0);
        await booking.Book.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my$"));
        await Assertions.Expect(booking.Notice).ToContainTextAsync($"Встреча назначена на {InBerlin(first)}");
        await Assertions.Expect(booking.MeetingSection).ToContainTextAsync(InBerlin(first));
        await Assertions.Expect(booking.MeetingSection).ToContainTextAsync("(Europe/Moscow, UTC+3)");
        await Assertions.Expect(booking.MeetingSection.GetByRole(AriaRole.Link, new() { Name = "Добавить в календарь" })).ToBeVisibleAsync();
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-booking-booked-360");

        await booking.MeetingSection.GetByRole(AriaRole.Link, new() { Name = "Перенести" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Перенос встречи" })).ToBeVisibleAsync();
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-booking-move-360");
        var moved = await booking.ChooseFirstTimeOfDayAsync(1);
        await booking.MoveHere.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my$"));
        await Assertions.Expect(booking.Notice).ToContainTextAsync($"Встреча назначена на {InBerlin(moved)}");
        await Assertions.Expect(booking.MeetingSection).ToContainTextAsync(InBerlin(moved));
        await Assertions.Expect(booking.MeetingSection).Not.ToContainTextAsync(InBerlin(first));
        await Layout.AssertFitsScreenAsync(page);
        await BrowserAppFixture.ScreenshotAsync(page, "mother-booking-moved-360");
    }

    private static string InBerlin(string isoUtc)
    {
        var utc = DateTime.Parse(isoUtc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        return local.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) + " (Europe/Berlin, UTC+1)";
    }

    /// <summary>Her consultant's hours, set as an administrator would, through the handler the API uses.</summary>
    private async Task GiveHerConsultantHoursAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var consultantId = await db.Requests.Where(r => r.Phone == DemoPhone).Select(r => r.ConsultantId!.Value).SingleAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserAppFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        var hours = new AvailabilityInput("Europe/Moscow", [.. Enum.GetNames<DayOfWeek>().Select(d => new WindowInput(d, "09:00", "13:00"))], []);
        var saved = await scope.ServiceProvider.GetRequiredService<AvailabilityHandler>().PutAsync(consultantId, hours, new Caller(adminId, true, false, false), CancellationToken.None);
        Assert.True(saved.IsSuccess);
    }
}
