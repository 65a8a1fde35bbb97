using PeerConsult.Domain.Meetings;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>The video room is open from 10 minutes before the start until 10 minutes after the planned end.</summary>
public class RoomWindowPhaseAtTests
{
    private static readonly DateTime Start = new(2026, 3, 10, 7, 0, 0, DateTimeKind.Utc);
    private static readonly RoomWindow Window = RoomWindow.For(Start, Start.AddMinutes(60), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    [Fact]
    public void PhaseAt_OneSecondBeforeOpening_NotYet() =>
        Assert.Equal(RoomPhase.NotYet, Window.PhaseAt(Start.AddMinutes(-10).AddSeconds(-1)));

    [Fact]
    public void PhaseAt_TenMinutesBeforeStart_Open() =>
        Assert.Equal(RoomPhase.Open, Window.PhaseAt(Start.AddMinutes(-10)));

    [Fact]
    public void PhaseAt_AfterThePlannedEndWithinTheMargin_Open() =>
        Assert.Equal(RoomPhase.Open, Window.PhaseAt(Start.AddMinutes(69).AddSeconds(59)));

    [Fact]
    public void PhaseAt_TenMinutesAfterTheEnd_Closed() =>
        Assert.Equal(RoomPhase.Closed, Window.PhaseAt(Start.AddMinutes(70)));

    [Fact]
    public void For_NegativeMargin_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RoomWindow.For(Start, Start.AddMinutes(60), TimeSpan.FromMinutes(-1), TimeSpan.Zero));

    [Fact]
    public void PhaseAt_LocalTime_Throws() =>
        Assert.Throws<ArgumentException>(() => Window.PhaseAt(new DateTime(2026, 3, 10, 7, 0, 0, DateTimeKind.Local)));
}
