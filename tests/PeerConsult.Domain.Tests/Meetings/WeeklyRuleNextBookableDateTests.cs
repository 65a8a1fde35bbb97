using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R3.2: "you can book from …" is MinDaysBetweenMeetings after her last counting meeting's Center-zone date.</summary>
public class WeeklyRuleNextBookableDateTests
{
    [Fact]
    public void NextBookableDate_NoMeetings_Null()
    {
        Assert.Null(WeeklyRule.NextBookableDate([], new CenterPolicy()));
    }

    [Fact]
    public void NextBookableDate_TwoMeetings_AWeekAfterTheLatest()
    {
        var meetings = new[]
        {
            new DateTime(2026, 3, 16, 7, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 3, 2, 7, 0, 0, DateTimeKind.Utc),
        };

        Assert.Equal(new DateOnly(2026, 3, 23), WeeklyRule.NextBookableDate(meetings, new CenterPolicy()));
    }

    [Fact]
    public void NextBookableDate_LateEveningUtcIsNextDayInMoscow_CountsFromMoscowDate()
    {
        var ninthInMoscow = new DateTime(2026, 3, 8, 21, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateOnly(2026, 3, 16), WeeklyRule.NextBookableDate([ninthInMoscow], new CenterPolicy()));
    }

    [Fact]
    public void NextBookableDate_PolicyFourteenDays_TwoWeeksAfter()
    {
        var policy = new CenterPolicy { MinDaysBetweenMeetings = 14 };

        Assert.Equal(new DateOnly(2026, 3, 16), WeeklyRule.NextBookableDate([new DateTime(2026, 3, 2, 7, 0, 0, DateTimeKind.Utc)], policy));
    }
}
