using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Portal;

/// <summary>The mother books her meeting on /my/book (the same handlers as the API) and takes it to her calendar.</summary>
public sealed class BookingPageTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    /// <summary>Monday 9 March 2026, 10:00 in Moscow, as the page posts it.</summary>
    private static readonly string Monday10 = Slot(MeetingDriver.Monday10Moscow);

    [Fact]
    public async Task Book_FreeSlot_RedirectsToMyWithTheTimeInHerZone()
    {
        var (mother, _) = await MotherWithConsultantAsync();
        using var _m = mother;

        var form = WebUtility.HtmlDecode(await mother.GetPageAsync("/my/book"));
        using var response = await mother.PostFormAsync("/my/book", "/my/book", ("slot", Monday10));
        var my = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));

        Assert.Contains("value=\"" + Monday10 + "\"", form, StringComparison.Ordinal);
        Assert.Contains("у консультанта — Europe/Moscow, UTC+3", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my", response.Headers.Location?.OriginalString);
        Assert.Contains("Встреча назначена на 09.03.2026 10:00 (Europe/Moscow, UTC+3).", my, StringComparison.Ordinal);
        Assert.Contains("Перенести", my, StringComparison.Ordinal);
        Assert.Contains("Добавить в календарь", my, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ics_HerMeeting_CalendarWithStartInUtc()
    {
        var (mother, awaiting) = await MotherWithConsultantAsync();
        using var _m = mother;
        (await mother.PostFormAsync("/my/book", "/my/book", ("slot", Monday10))).Dispose();
        var id = await MeetingOfAsync(awaiting.MotherId);

        using var response = await mother.Client.GetAsync($"/my/meetings/{id}.ics");
        var ics = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("DTSTART:20260309T070000Z", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260309T080000Z", ics, StringComparison.Ordinal);
        Assert.Contains("UID:" + id, ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Встреча с равным консультантом", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ics_AnotherMothersMeeting_NotFound()
    {
        var (owner, awaiting) = await MotherWithConsultantAsync();
        using var _o = owner;
        (await owner.PostFormAsync("/my/book", "/my/book", ("slot", Monday10))).Dispose();
        var id = await MeetingOfAsync(awaiting.MotherId);
        var (other, _) = await MotherWithConsultantAsync();
        using var _x = other;

        using var response = await other.Client.GetAsync($"/my/meetings/{id}.ics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Book_SlotJustTaken_SaysSoAndOffersTheRest()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        var (first, _) = await MotherWithConsultantAsync(admin, consultant);
        using var _f = first;
        var (second, _) = await MotherWithConsultantAsync(admin, consultant);
        using var _s = second;
        var before = WebUtility.HtmlDecode(await second.GetPageAsync("/my/book"));
        (await first.PostFormAsync("/my/book", "/my/book", ("slot", Monday10))).Dispose();

        using var response = await second.PostFormAsync("/my/book", "/my/book", ("slot", Monday10));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("value=\"" + Monday10 + "\"", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Это время только что заняли, выберите другое.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"" + Monday10 + "\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"" + Slot(MeetingDriver.Monday10Moscow.AddHours(1)) + "\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Book_TwoDaysAfterHerMeeting_SaysFromWhichDateSheCanBook()
    {
        var (mother, _) = await MotherWithConsultantAsync();
        using var _m = mother;
        (await mother.PostFormAsync("/my/book", "/my/book", ("slot", Monday10))).Dispose();

        using var response = await mother.PostFormAsync("/my/book", "/my/book", ("slot", Slot(MeetingDriver.Monday10Moscow.AddDays(2))));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Записаться можно с 16 марта.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_Confirmed_ExplainsItCountsThenCancelsAndSaysSo()
    {
        var (mother, awaiting) = await MotherWithConsultantAsync();
        using var _m = mother;
        (await mother.PostFormAsync("/my/book", "/my/book", ("slot", Monday10))).Dispose();
        var id = await MeetingOfAsync(awaiting.MotherId);

        var confirm = WebUtility.HtmlDecode(await mother.GetPageAsync($"/my/cancel/{id}"));
        using var response = await mother.PostFormAsync($"/my/cancel/{id}", $"/my/cancel/{id}", ("reason", "Заболел ребёнок"));
        var my = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));

        Assert.Contains("засчитывается как пропущенная или перенесённая встреча", confirm, StringComparison.Ordinal);
        Assert.Contains("За последние 30 дней у вас таких встреч: 0 встреч.", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Встреча 09.03.2026 10:00 (Europe/Moscow, UTC+3) отменена.", my, StringComparison.Ordinal);
        Assert.Contains("Встреча пока не назначена.", my, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_AfterTheCutoff_NoMoveOrCancel_SaysWhomToWriteAndWhatAMissCosts()
    {
        // Its own app: the clock moves.
        using var own = new PeerConsultFactory();
        using var admin = await own.CreateAdminClientAsync();
        var awaiting = await own.AwaitingMotherContactAsync(admin, await own.ConsultantWithHoursAsync(admin));
        using (var booking = await MotherClient.SignedInAsync(own, awaiting.Phone))
        {
            (await booking.PostFormAsync("/my/book", "/my/book", ("slot", Monday10))).Dispose();
        }

        var id = await own.WithDbAsync(db => db.Meetings.Where(m => m.MotherId == awaiting.MotherId).Select(m => m.Id).SingleAsync());

        // R4.1: 6 hours before 10:00 Moscow is 04:00 Moscow; an hour later she signs in again.
        own.SetClock(MeetingDriver.Monday10Moscow.AddHours(-5));
        using var mother = await MotherClient.SignedInAsync(own, awaiting.Phone);
        var my = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));
        var move = WebUtility.HtmlDecode(await mother.GetPageAsync($"/my/book?move={id}"));

        Assert.Contains("Изменить эту встречу самостоятельно уже нельзя: это можно было сделать до 09.03.2026 04:00 (Europe/Moscow, UTC+3).", my, StringComparison.Ordinal);
        Assert.Contains("напишите консультанту или администратору", my, StringComparison.Ordinal);
        Assert.Contains("засчитана как пропущенная", my, StringComparison.Ordinal);
        Assert.DoesNotContain($"/my/cancel/{id}", my, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"slot\"", move, StringComparison.Ordinal);
    }

    private static string Slot(DateTimeOffset start) => start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private async Task<(MotherClient Mother, AwaitingRequest Awaiting)> MotherWithConsultantAsync()
    {
        using var admin = await factory.CreateAdminClientAsync();
        return await MotherWithConsultantAsync(admin, await factory.ConsultantWithHoursAsync(admin));
    }

    private async Task<(MotherClient Mother, AwaitingRequest Awaiting)> MotherWithConsultantAsync(HttpClient admin, CreatedConsultant consultant)
    {
        var awaiting = await factory.AwaitingMotherContactAsync(admin, consultant);
        return (await MotherClient.SignedInAsync(factory, awaiting.Phone), awaiting);
    }

    private Task<Guid> MeetingOfAsync(Guid motherId) =>
        factory.WithDbAsync(db => db.Meetings.Where(m => m.MotherId == motherId).Select(m => m.Id).SingleAsync());
}
