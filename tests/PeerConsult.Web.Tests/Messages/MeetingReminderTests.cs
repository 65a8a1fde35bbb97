using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>Reminders 24 h and 1 h before a meeting, each exactly once, with the pre-meeting check link.</summary>
public sealed class MeetingReminderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sweep_24HoursAnd1HourBefore_OneReminderEachWithTheCheckLinkInHerZone(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var meetingId = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        Assert.Equal(0, await SweepAsync(factory));
        factory.SetClock(MeetingDriver.Monday10Moscow.AddHours(-24).AddTicks(-1));
        Assert.Equal(0, await SweepAsync(factory));

        factory.SetClock(MeetingDriver.Monday10Moscow.AddHours(-24));
        Assert.Equal(1, await SweepAsync(factory));
        Assert.Equal(0, await SweepAsync(factory));

        factory.SetClock(MeetingDriver.Monday10Moscow.AddHours(-1));
        var both = await Task.WhenAll(SweepAsync(factory), SweepAsync(factory));
        Assert.Equal(1, both.Sum());

        factory.SetClock(MeetingDriver.Monday10Moscow.AddMinutes(5));
        Assert.Equal(0, await SweepAsync(factory));

        var reminders = await RemindersAsync(factory);
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(mother.RequestId, r.RequestId));
        Assert.Equal(
            "Анна, напоминаем: встреча с консультантом Консультант 1 — 09.03.2026 10:00 (Europe/Moscow, UTC+3), через 24 ч. Заранее проверьте камеру, микрофон и связь: http://localhost:5080/check. Встреча — в личном кабинете: http://localhost:5080/my",
            System.Text.RegularExpressions.Regex.Replace(reminders[0].Body, "Консультант \\d+", "Консультант 1"));
        Assert.Contains("через 1 ч.", reminders[1].Body, StringComparison.Ordinal);
        Assert.Contains(meetingId.ToString(), reminders[0].DedupKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_BookedLessThan24HoursAhead_OnlyTheOneHourReminder()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var tonight = PeerConsultFactory.Start.AddHours(8);
        await mother.Client.BookOkAsync(mother.RequestId, tonight);

        Assert.Equal(0, await SweepAsync(factory));
        factory.SetClock(tonight.AddHours(-1));
        Assert.Equal(1, await SweepAsync(factory));
        Assert.Contains("через 1 ч.", Assert.Single(await RemindersAsync(factory)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_BadReminderOffsets_RefusesToStart()
    {
        using var factory = PeerConsultFactory.With(("Reminders:Before", "1.00:00:00,soon"));
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("Reminders:Before", error.Message, StringComparison.Ordinal);
    }

    private static async Task<int> SweepAsync(PeerConsultFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MeetingReminderSweeper>().RunOnceAsync(factory.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private static Task<List<OutboxMessage>> RemindersAsync(PeerConsultFactory factory) =>
        factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == MeetingReminderSweeper.Kind).OrderBy(m => m.CreatedAt).ToListAsync());
}
