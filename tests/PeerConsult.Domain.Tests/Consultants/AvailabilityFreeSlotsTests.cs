using PeerConsult.Domain.Consultants;

namespace PeerConsult.Domain.Tests.Consultants;

/// <summary>
/// Free slots from a consultant's hours in HER zone: stepped by the length from each window's start, minus busy
/// meetings and anything before the earliest bookable instant. A consultant in Asia/Yekaterinburg (UTC+5, no DST).
/// </summary>
public class AvailabilityFreeSlotsTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly DateTime NoLimit = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>Sunday 1 March 2026, 00:00Z, to the next Sunday: a whole week.</summary>
    private static readonly DateTime WeekFrom = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime WeekTo = new(2026, 3, 8, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    private static TimeSlot Slot(DateTime start) => new(start, start + Hour);

    private static Availability MondayTenToFourteen(params AvailabilityException[] exceptions) =>
        Availability.Create("Asia/Yekaterinburg", [new WeeklyWindow(DayOfWeek.Monday, new TimeOnly(10, 0), new TimeOnly(14, 0))], exceptions).Value!;

    [Fact]
    public void FreeSlots_YekaterinburgMondayTenToFourteen_FourHourlySlotsFromFiveUtc()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [], NoLimit);

        Assert.Equal([Slot(Utc(2, 5)), Slot(Utc(2, 6)), Slot(Utc(2, 7)), Slot(Utc(2, 8))], slots);
    }

    [Fact]
    public void FreeSlots_ThirtyMinutes_EightSlots()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, TimeSpan.FromMinutes(30), [], NoLimit);

        Assert.Equal(8, slots.Count);
        Assert.Equal(Utc(2, 5), slots[0].Start);
        Assert.Equal(new TimeSlot(Utc(2, 8, 30), Utc(2, 9)), slots[^1]);
    }

    [Fact]
    public void FreeSlots_WindowNotAMultipleOfTheLength_LastPartialSlotLeftOut()
    {
        var availability = Availability.Create("Asia/Yekaterinburg", [new WeeklyWindow(DayOfWeek.Monday, new TimeOnly(10, 0), new TimeOnly(13, 30))], []).Value!;

        var slots = availability.FreeSlots(WeekFrom, WeekTo, Hour, [], NoLimit);

        Assert.Equal([Utc(2, 5), Utc(2, 6), Utc(2, 7)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_TwoWeeks_SlotsOnBothMondays()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo.AddDays(7), Hour, [], NoLimit);

        Assert.Equal(8, slots.Count);
        Assert.Equal(Utc(9, 5), slots[4].Start);
    }

    [Fact]
    public void FreeSlots_WindowAtHerMidnight_PreviousUtcDayIncluded()
    {
        var availability = Availability.Create("Asia/Yekaterinburg", [new WeeklyWindow(DayOfWeek.Monday, new TimeOnly(0, 0), new TimeOnly(2, 0))], []).Value!;

        var slots = availability.FreeSlots(Utc(1, 19), Utc(1, 21), Hour, [], NoLimit);

        Assert.Equal([Slot(Utc(1, 19)), Slot(Utc(1, 20))], slots);
    }

    [Fact]
    public void FreeSlots_RangeEndsMidWindow_OnlySlotsStartingBeforeTheEnd()
    {
        var slots = MondayTenToFourteen().FreeSlots(Utc(2, 5, 30), Utc(2, 7), Hour, [], NoLimit);

        Assert.Equal([Slot(Utc(2, 6))], slots);
    }

    [Fact]
    public void FreeSlots_DayOffOnAMonday_NoSlotsThatMondayOnly()
    {
        var availability = MondayTenToFourteen(new AvailabilityException(new DateOnly(2026, 3, 2), null, null));

        var slots = availability.FreeSlots(WeekFrom, WeekTo.AddDays(7), Hour, [], NoLimit);

        Assert.Equal([Utc(9, 5), Utc(9, 6), Utc(9, 7), Utc(9, 8)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_ExtraHoursOnAWednesday_AddsThoseSlots()
    {
        var availability = MondayTenToFourteen(new AvailabilityException(new DateOnly(2026, 3, 4), new TimeOnly(18, 0), new TimeOnly(20, 0)));

        var slots = availability.FreeSlots(WeekFrom, WeekTo, Hour, [], NoLimit);

        Assert.Equal([Utc(2, 5), Utc(2, 6), Utc(2, 7), Utc(2, 8), Utc(4, 13), Utc(4, 14)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_OnlyExtraHours_SlotsThatDay()
    {
        var availability = Availability.Create("Asia/Yekaterinburg", [], [new AvailabilityException(new DateOnly(2026, 3, 4), new TimeOnly(18, 0), new TimeOnly(20, 0))]).Value!;

        var slots = availability.FreeSlots(WeekFrom, WeekTo, Hour, [], NoLimit);

        Assert.Equal([Utc(4, 13), Utc(4, 14)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_BusyMeetingOnASlot_OnlyThatSlotRemoved()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [Slot(Utc(2, 6))], NoLimit);

        Assert.Equal([Utc(2, 5), Utc(2, 7), Utc(2, 8)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_BusyMeetingAcrossTwoSlots_BothRemoved()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [Slot(Utc(2, 6, 30))], NoLimit);

        Assert.Equal([Utc(2, 5), Utc(2, 8)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_BusyMeetingEndingAtTheWindowStart_NothingRemoved()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [Slot(Utc(2, 4))], NoLimit);

        Assert.Equal(4, slots.Count);
    }

    [Fact]
    public void FreeSlots_BusyMeetingStartingAtTheWindowEnd_NothingRemoved()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [Slot(Utc(2, 9))], NoLimit);

        Assert.Equal(4, slots.Count);
    }

    [Fact]
    public void FreeSlots_EarliestAtASlotStart_ThatSlotKeptEarlierRemoved()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [], Utc(2, 6));

        Assert.Equal([Utc(2, 6), Utc(2, 7), Utc(2, 8)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_EarliestOneTickAfterASlotStart_ThatSlotRemoved()
    {
        var slots = MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, Hour, [], Utc(2, 6).AddTicks(1));

        Assert.Equal([Utc(2, 7), Utc(2, 8)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_ZeroLength_None()
    {
        Assert.Empty(MondayTenToFourteen().FreeSlots(WeekFrom, WeekTo, TimeSpan.Zero, [], NoLimit));
    }

    [Fact]
    public void FreeSlots_EmptyRange_None()
    {
        Assert.Empty(MondayTenToFourteen().FreeSlots(WeekTo, WeekTo, Hour, [], NoLimit));
    }

    [Fact]
    public void FreeSlots_NoHours_None()
    {
        Assert.Empty(Availability.None.FreeSlots(WeekFrom, WeekTo, Hour, [], NoLimit));
    }
}
