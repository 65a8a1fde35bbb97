using PeerConsult.Domain.Consultants;

namespace PeerConsult.Domain.Tests.Consultants;

/// <summary>A booking that did not come from the slot list must still start on one of her slots.</summary>
public class AvailabilityCoversTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly Availability Yekaterinburg =
        Availability.Create("Asia/Yekaterinburg", [new WeeklyWindow(DayOfWeek.Monday, new TimeOnly(10, 0), new TimeOnly(14, 0))], []).Value!;

    [Fact]
    public void Covers_FirstSlotOfTheWindow_True()
    {
        Assert.True(Yekaterinburg.Covers(new DateTime(2026, 3, 2, 5, 0, 0, DateTimeKind.Utc), Hour));
    }

    [Fact]
    public void Covers_LastSlotOfTheWindow_True()
    {
        Assert.True(Yekaterinburg.Covers(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), Hour));
    }

    [Fact]
    public void Covers_EndingAfterTheWindow_False()
    {
        Assert.False(Yekaterinburg.Covers(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), Hour));
    }

    [Fact]
    public void Covers_OffTheSlotGrid_False()
    {
        Assert.False(Yekaterinburg.Covers(new DateTime(2026, 3, 2, 5, 30, 0, DateTimeKind.Utc), Hour));
    }

    [Fact]
    public void Covers_AnotherWeekday_False()
    {
        Assert.False(Yekaterinburg.Covers(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc), Hour));
    }

    [Fact]
    public void Covers_SpringForwardSlotInBerlin_TrueForTheRealInstant()
    {
        var berlin = Availability.Create("Europe/Berlin", [new WeeklyWindow(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))], []).Value!;

        Assert.True(berlin.Covers(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), Hour));
    }
}
