using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>
/// R3.2: a meeting's Center-zone date must be at least MinDaysBetweenMeetings calendar days from every counting
/// meeting, before and after; a refused date comes with the first date from which she can book.
/// </summary>
public class WeeklyRuleFirstAllowedDateTests
{
    private static readonly CenterPolicy Policy = new();

    /// <summary>10:00 in Moscow on the given day of March 2026.</summary>
    private static DateTime March(int day) => new(2026, 3, day, 7, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void FirstAllowedDate_NoOtherMeetings_Allowed()
    {
        Assert.Null(WeeklyRule.FirstAllowedDate(March(2), [], Policy));
    }

    [Fact]
    public void FirstAllowedDate_SevenDaysAfterPrevious_Allowed()
    {
        Assert.Null(WeeklyRule.FirstAllowedDate(March(9), [March(2)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_SixDaysAfterPrevious_RefusedFromSevenDaysAfter()
    {
        Assert.Equal(new DateOnly(2026, 3, 9), WeeklyRule.FirstAllowedDate(March(8), [March(2)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_SameDayAsPrevious_RefusedFromSevenDaysAfter()
    {
        var evening = new DateTime(2026, 3, 2, 17, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateOnly(2026, 3, 9), WeeklyRule.FirstAllowedDate(evening, [March(2)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_ExactlyAWeekBetweenTwoMeetings_Allowed()
    {
        Assert.Null(WeeklyRule.FirstAllowedDate(March(9), [March(2), March(16)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_BetweenTwoMeetingsTooCloseToTheNext_RefusedFromAWeekAfterTheNext()
    {
        Assert.Equal(new DateOnly(2026, 3, 23), WeeklyRule.FirstAllowedDate(March(10), [March(2), March(16)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_SixDaysBeforeTheOnlyMeeting_RefusedFromAWeekAfterIt()
    {
        Assert.Equal(new DateOnly(2026, 3, 23), WeeklyRule.FirstAllowedDate(March(10), [March(16)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_SevenDaysBeforeTheOnlyMeeting_Allowed()
    {
        Assert.Null(WeeklyRule.FirstAllowedDate(March(9), [March(16)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_WeeklyChain_WalksPastEveryMeeting()
    {
        Assert.Equal(new DateOnly(2026, 3, 23), WeeklyRule.FirstAllowedDate(March(5), [March(16), March(2), March(9)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_LateEveningUtcIsNextDayInMoscow_CountsAsNextDay()
    {
        var ninthInMoscow = new DateTime(2026, 3, 8, 21, 30, 0, DateTimeKind.Utc);

        Assert.Null(WeeklyRule.FirstAllowedDate(ninthInMoscow, [March(2)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_OneTickBeforeMoscowMidnight_StillTheEighthAndRefused()
    {
        var lastTickOfEighth = new DateTime(2026, 3, 8, 21, 0, 0, DateTimeKind.Utc).AddTicks(-1);

        Assert.Equal(new DateOnly(2026, 3, 9), WeeklyRule.FirstAllowedDate(lastTickOfEighth, [March(2)], Policy));
    }

    [Fact]
    public void FirstAllowedDate_PreviousLateEveningUtcIsNextDayInMoscow_CountsFromThatDay()
    {
        var thirdInMoscow = new DateTime(2026, 3, 2, 21, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateOnly(2026, 3, 10), WeeklyRule.FirstAllowedDate(March(9), [thirdInMoscow], Policy));
    }

    [Fact]
    public void FirstAllowedDate_PolicyFourteenDays_RefusesAWeekLater()
    {
        var policy = new CenterPolicy { MinDaysBetweenMeetings = 14 };

        Assert.Equal(new DateOnly(2026, 3, 16), WeeklyRule.FirstAllowedDate(March(9), [March(2)], policy));
    }

    [Fact]
    public void FirstAllowedDate_PolicyFourteenDays_AllowsTwoWeeksLater()
    {
        var policy = new CenterPolicy { MinDaysBetweenMeetings = 14 };

        Assert.Null(WeeklyRule.FirstAllowedDate(March(16), [March(2)], policy));
    }

    [Fact]
    public void FirstAllowedDate_BerlinMotherSameLocalTimeAWeekLaterAcrossDst_MoscowDateRefuses()
    {
        // 22 March 21:30Z is 22:30 in Berlin (CET) but already 23 March in Moscow; 29 March 20:30Z is again 22:30 in
        // Berlin (CEST, the clocks went forward at 01:00Z) and still 29 March in Moscow: 7 days for her, 6 for the Center.
        var previous = new DateTime(2026, 3, 22, 21, 30, 0, DateTimeKind.Utc);
        var candidate = new DateTime(2026, 3, 29, 20, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateOnly(2026, 3, 30), WeeklyRule.FirstAllowedDate(candidate, [previous], Policy));
    }

    [Fact]
    public void FirstAllowedDate_BerlinMotherSixLocalDaysButSevenMoscowDays_Allowed()
    {
        // 22 March 20:30Z: 21:30 on 22 March in Berlin and 23:30 on 22 March in Moscow.
        // 28 March 21:30Z: 22:30 on 28 March in Berlin (6 days for her) but 00:30 on 29 March in Moscow (7 days).
        var previous = new DateTime(2026, 3, 22, 20, 30, 0, DateTimeKind.Utc);
        var candidate = new DateTime(2026, 3, 28, 21, 30, 0, DateTimeKind.Utc);

        Assert.Null(WeeklyRule.FirstAllowedDate(candidate, [previous], Policy));
    }
}
