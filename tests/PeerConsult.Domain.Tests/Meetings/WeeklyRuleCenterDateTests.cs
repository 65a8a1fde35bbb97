using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R3.2, Time: a meeting's date is its date in the Center's time zone.</summary>
public class WeeklyRuleCenterDateTests
{
    [Fact]
    public void CenterDate_LateEveningUtcAlreadyNextDayInMoscow_NextDay()
    {
        var date = WeeklyRule.CenterDate(new DateTime(2026, 3, 8, 21, 30, 0, DateTimeKind.Utc), new CenterPolicy());

        Assert.Equal(new DateOnly(2026, 3, 9), date);
    }

    [Fact]
    public void CenterDate_OneTickBeforeMoscowMidnight_SameDay()
    {
        var date = WeeklyRule.CenterDate(new DateTime(2026, 3, 8, 21, 0, 0, DateTimeKind.Utc).AddTicks(-1), new CenterPolicy());

        Assert.Equal(new DateOnly(2026, 3, 8), date);
    }

    [Fact]
    public void CenterDate_MoscowMidnight_NextDay()
    {
        var date = WeeklyRule.CenterDate(new DateTime(2026, 3, 8, 21, 0, 0, DateTimeKind.Utc), new CenterPolicy());

        Assert.Equal(new DateOnly(2026, 3, 9), date);
    }

    [Fact]
    public void CenterDate_CenterInBerlin_UsesBerlinDate()
    {
        var policy = new CenterPolicy { CenterTimeZone = "Europe/Berlin" };

        var date = WeeklyRule.CenterDate(new DateTime(2026, 3, 8, 21, 30, 0, DateTimeKind.Utc), policy);

        Assert.Equal(new DateOnly(2026, 3, 8), date);
    }

    [Fact]
    public void CenterDate_UnspecifiedKind_Throws()
    {
        var unspecified = new DateTime(2026, 3, 8, 21, 30, 0, DateTimeKind.Unspecified);

        Assert.Throws<ArgumentException>(() => WeeklyRule.CenterDate(unspecified, new CenterPolicy()));
    }
}
