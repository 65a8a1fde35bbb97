using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R5.2, R4.3: when the free service is refused, the Center cancels her future meetings; that never counts against her.</summary>
public class MeetingCancelForRefusalTests
{
    private static readonly DateTime RefusedAt = new(2026, 3, 8, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void CancelForRefusal_FutureMeeting_CancelledByCenterInTime()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var cancelled = meeting.CancelForRefusal(RefusedAt);

        Assert.True(cancelled);
        Assert.Equal(MeetingStatus.Cancelled, meeting.Status);
        Assert.Equal(Initiator.Center, meeting.CancelledBy);
        Assert.Equal(RefusedAt, meeting.CancelRequestedAt);
        Assert.True(meeting.CancelledInTime);
        Assert.False(meeting.CountsForSpacing);
    }

    [Fact]
    public void CancelForRefusal_FutureMeeting_HistoryNamesTheReason()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        meeting.CancelForRefusal(RefusedAt);

        var change = Assert.Single(meeting.Changes);
        Assert.True(change.IsCancellation);
        Assert.Equal(Initiator.Center, change.By);
        Assert.Equal("peer-service-refused", change.Reason);
        Assert.Equal(RefusedAt, change.RecordedAt);
    }

    [Fact]
    public void CancelForRefusal_AtItsStart_LeftAlone()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var cancelled = meeting.CancelForRefusal(MeetingBuilder.Start);

        Assert.False(cancelled);
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Empty(meeting.Changes);
    }

    [Fact]
    public void CancelForRefusal_OneTickBeforeStart_Cancelled()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        Assert.True(meeting.CancelForRefusal(MeetingBuilder.Start.AddTicks(-1)));
    }

    [Fact]
    public void CancelForRefusal_AlreadyCancelled_LeftAlone()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.CancelForRefusal(RefusedAt);

        var again = meeting.CancelForRefusal(RefusedAt);

        Assert.False(again);
        Assert.Single(meeting.Changes);
    }
}
