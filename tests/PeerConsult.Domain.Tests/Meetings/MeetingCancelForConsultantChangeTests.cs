using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R8.3, R4.3: a new consultant means her meetings with the previous one are cancelled by the Center, never against her.</summary>
public class MeetingCancelForConsultantChangeTests
{
    private static readonly DateTime ChangedAt = new(2026, 3, 8, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void CancelForConsultantChange_FutureMeeting_CancelledByCenterInTime_ReasonNamed()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var cancelled = meeting.CancelForConsultantChange(ChangedAt);

        Assert.True(cancelled);
        Assert.Equal(MeetingStatus.Cancelled, meeting.Status);
        Assert.Equal(Initiator.Center, meeting.CancelledBy);
        Assert.True(meeting.CancelledInTime);
        Assert.False(meeting.CountsForSpacing);
        var change = Assert.Single(meeting.Changes);
        Assert.Equal(Initiator.Center, change.By);
        Assert.Equal("consultant-changed", change.Reason);
    }

    [Fact]
    public void CancelForConsultantChange_AtItsStart_LeftAlone()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        Assert.False(meeting.CancelForConsultantChange(MeetingBuilder.Start));
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
    }
}
