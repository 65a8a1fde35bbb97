using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R4.1: the mother may change her meeting until ChangeCutoff before its start.</summary>
public class MeetingChangeDeadlineTests
{
    [Fact]
    public void ChangeDeadline_DefaultPolicy_SixHoursBeforeStart()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        Assert.Equal(new DateTime(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc), meeting.ChangeDeadline(new CenterPolicy()));
    }

    [Fact]
    public void ChangeDeadline_PolicyTwelveHours_TwelveHoursBeforeStartOnThePreviousDay()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var deadline = meeting.ChangeDeadline(new CenterPolicy { ChangeCutoff = TimeSpan.FromHours(12) });

        Assert.Equal(new DateTime(2026, 3, 9, 19, 0, 0, DateTimeKind.Utc), deadline);
    }
}
