using PeerConsult.Domain.Consultants;

namespace PeerConsult.Domain.Tests.Consultants;

/// <summary>
/// Time: a consultant in Europe/Berlin keeps her hours in wall-clock time. Europe goes to summer time on Sunday
/// 29 March 2026 at 01:00Z (02:00 CET becomes 03:00 CEST) and back on Sunday 25 October 2026 at 01:00Z
/// (03:00 CEST becomes 02:00 CET).
/// </summary>
public class AvailabilityFreeSlotsAcrossDstTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly DateTime NoLimit = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static Availability BerlinSundayOneToFour() =>
        Availability.Create("Europe/Berlin", [new WeeklyWindow(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))], []).Value!;

    private static IReadOnlyList<TimeSlot> SlotsOn(Availability availability, int month, int day, TimeSpan length) =>
        availability.FreeSlots(Utc(month, day, 0).AddDays(-1), Utc(month, day, 0).AddDays(1), length, [], NoLimit);

    [Fact]
    public void FreeSlots_SundayBeforeSpringForward_ThreeSlotsInWinterTime()
    {
        var slots = SlotsOn(BerlinSundayOneToFour(), 3, 22, Hour);

        Assert.Equal([Utc(3, 22, 0), Utc(3, 22, 1), Utc(3, 22, 2)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_SpringForwardSunday_MissingTwoOClockSkippedOthersMapped()
    {
        var slots = SlotsOn(BerlinSundayOneToFour(), 3, 29, Hour);

        // 01:00 CET = 00:00Z; 02:00 does not exist; 03:00 CEST = 01:00Z.
        Assert.Equal([new TimeSlot(Utc(3, 29, 0), Utc(3, 29, 1)), new TimeSlot(Utc(3, 29, 1), Utc(3, 29, 2))], slots);
    }

    [Fact]
    public void FreeSlots_SpringForwardSundayHalfHours_EveryMissingLocalTimeSkipped()
    {
        var slots = SlotsOn(BerlinSundayOneToFour(), 3, 29, TimeSpan.FromMinutes(30));

        // 01:00, 01:30 CET; 02:00 and 02:30 do not exist; 03:00, 03:30 CEST.
        Assert.Equal([Utc(3, 29, 0), Utc(3, 29, 0, 30), Utc(3, 29, 1), Utc(3, 29, 1, 30)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_SundayAfterSpringForward_ThreeSlotsInSummerTime()
    {
        var slots = SlotsOn(BerlinSundayOneToFour(), 4, 5, Hour);

        Assert.Equal([Utc(4, 4, 23), Utc(4, 5, 0), Utc(4, 5, 1)], slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_FallBackSunday_NoDuplicateOrOverlappingSlots()
    {
        var slots = SlotsOn(BerlinSundayOneToFour(), 10, 25, Hour);

        // 01:00 CEST = 23:00Z the day before; the repeated 02:00 is taken once, as CET (01:00Z); 03:00 CET = 02:00Z.
        Assert.Equal([Utc(10, 24, 23), Utc(10, 25, 1), Utc(10, 25, 2)], slots.Select(s => s.Start));
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public void FreeSlots_FallBackSundayHalfHours_NoDuplicateSlots()
    {
        var slots = SlotsOn(BerlinSundayOneToFour(), 10, 25, TimeSpan.FromMinutes(30));

        Assert.Equal(
            [Utc(10, 24, 23), Utc(10, 24, 23, 30), Utc(10, 25, 1), Utc(10, 25, 1, 30), Utc(10, 25, 2), Utc(10, 25, 2, 30)],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_SpringForwardSundayInYekaterinburg_NothingMoves()
    {
        var availability = Availability.Create("Asia/Yekaterinburg", [new WeeklyWindow(DayOfWeek.Sunday, new TimeOnly(10, 0), new TimeOnly(12, 0))], []).Value!;

        var slots = SlotsOn(availability, 3, 29, Hour);

        Assert.Equal([Utc(3, 29, 5), Utc(3, 29, 6)], slots.Select(s => s.Start));
    }
}
