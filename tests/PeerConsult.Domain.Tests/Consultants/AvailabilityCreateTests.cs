using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;

namespace PeerConsult.Domain.Tests.Consultants;

/// <summary>A consultant's hours: an IANA zone, weekly windows that end after they start and do not overlap, and exceptions.</summary>
public class AvailabilityCreateTests
{
    private static readonly TimeOnly Ten = new(10, 0);
    private static readonly TimeOnly Twelve = new(12, 0);
    private static readonly TimeOnly Fourteen = new(14, 0);

    [Fact]
    public void Create_ValidWindowsAndExceptions_SortedByDayAndTime()
    {
        var result = Availability.Create(
            "Asia/Yekaterinburg",
            [new WeeklyWindow(DayOfWeek.Wednesday, Ten, Twelve), new WeeklyWindow(DayOfWeek.Monday, Twelve, Fourteen), new WeeklyWindow(DayOfWeek.Monday, Ten, Twelve)],
            [new AvailabilityException(new DateOnly(2026, 3, 9), null, null), new AvailabilityException(new DateOnly(2026, 3, 4), new TimeOnly(18, 0), new TimeOnly(20, 0))]);

        Assert.True(result.IsSuccess);
        var availability = result.Value!;
        Assert.Equal("Asia/Yekaterinburg", availability.TimeZone);
        Assert.Equal(
            [new WeeklyWindow(DayOfWeek.Monday, Ten, Twelve), new WeeklyWindow(DayOfWeek.Monday, Twelve, Fourteen), new WeeklyWindow(DayOfWeek.Wednesday, Ten, Twelve)],
            availability.Weekly);
        Assert.Equal([new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 9)], availability.Exceptions.Select(e => e.Date));
    }

    [Fact]
    public void Create_NullLists_NoHours()
    {
        var result = Availability.Create("Europe/Moscow", null, null);

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Value!.Weekly);
        Assert.Empty(result.Value.Exceptions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Russian Standard Time")]
    [InlineData("+05:00")]
    public void Create_NotAnIanaZone_InvalidTimeZone(string? zone)
    {
        var result = Availability.Create(zone, [new WeeklyWindow(DayOfWeek.Monday, Ten, Fourteen)], []);

        Assert.Equal(ErrorCodes.InvalidTimeZone, result.Error!.Code);
    }

    [Fact]
    public void Create_EndEqualsStart_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow(DayOfWeek.Monday, Ten, Ten)], []);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_EndBeforeStart_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow(DayOfWeek.Monday, Fourteen, Ten)], []);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_UndefinedDay_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow((DayOfWeek)7, Ten, Fourteen)], []);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_OverlappingWindowsOnADay_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow(DayOfWeek.Monday, Ten, Fourteen), new WeeklyWindow(DayOfWeek.Monday, Twelve, new TimeOnly(16, 0))], []);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_OverlapByOneMinute_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow(DayOfWeek.Monday, Ten, new TimeOnly(12, 1)), new WeeklyWindow(DayOfWeek.Monday, Twelve, Fourteen)], []);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_AdjacentWindowsOnADay_Accepted()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow(DayOfWeek.Monday, Ten, Twelve), new WeeklyWindow(DayOfWeek.Monday, Twelve, Fourteen)], []);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Create_SameHoursOnDifferentDays_Accepted()
    {
        var result = Availability.Create("Europe/Moscow", [new WeeklyWindow(DayOfWeek.Monday, Ten, Fourteen), new WeeklyWindow(DayOfWeek.Tuesday, Ten, Fourteen)], []);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Create_ExtraHoursEndBeforeStart_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [], [new AvailabilityException(new DateOnly(2026, 3, 4), Fourteen, Ten)]);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_ExceptionWithOnlyAStart_InvalidAvailability()
    {
        var result = Availability.Create("Europe/Moscow", [], [new AvailabilityException(new DateOnly(2026, 3, 4), Ten, null)]);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_OverlappingExtraHoursOnADate_InvalidAvailability()
    {
        var date = new DateOnly(2026, 3, 4);

        var result = Availability.Create("Europe/Moscow", [], [new AvailabilityException(date, Ten, Fourteen), new AvailabilityException(date, Twelve, new TimeOnly(16, 0))]);

        Assert.Equal(ErrorCodes.InvalidAvailability, result.Error!.Code);
    }

    [Fact]
    public void Create_TooManyWindows_TooLong()
    {
        var windows = Enumerable.Range(0, Availability.MaxWindows + 1).Select(i => new WeeklyWindow((DayOfWeek)(i % 7), new TimeOnly(i / 7, 0), new TimeOnly(i / 7, 30))).ToList();

        var result = Availability.Create("Europe/Moscow", windows, []);

        Assert.Equal(ErrorCodes.TooLong, result.Error!.Code);
    }
}
