using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>
/// R3.2: held, scheduled and missed meetings keep the weekly spacing; ones cancelled in time do not. A mother's late
/// cancellation still counts; cancellations by the consultant or the Center and technical failures never do (R4.3).
/// </summary>
public class MeetingCountsForSpacingTests
{
    private static readonly CenterPolicy Policy = new();

    private static readonly DateTime LateAsk = MeetingBuilder.Deadline.AddTicks(1);

    private static readonly DateTime Entered = new(2026, 3, 10, 5, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void CountsForSpacing_Scheduled_True()
    {
        Assert.True(MeetingBuilder.Scheduled().Build().CountsForSpacing);
    }

    [Theory]
    [InlineData(MeetingOutcome.Held, true)]
    [InlineData(MeetingOutcome.MotherNoShow, true)]
    [InlineData(MeetingOutcome.RefusedVideoOff, true)]
    [InlineData(MeetingOutcome.ConsultantCancelled, false)]
    [InlineData(MeetingOutcome.TechnicalFailure, false)]
    public void CountsForSpacing_AfterOutcome_OnlyHeldAndMissedCount(MeetingOutcome outcome, bool counts)
    {
        Assert.Equal(counts, MeetingBuilder.Scheduled().WithOutcome(outcome).CountsForSpacing);
    }

    [Fact]
    public void CountsForSpacing_MotherCancelledInTime_False()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.Cancel(Initiator.Mother, false, null, null, MeetingBuilder.Deadline, Policy);

        Assert.False(meeting.CountsForSpacing);
    }

    [Fact]
    public void CountsForSpacing_MotherCancelledLateThroughStaff_True()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.Cancel(Initiator.Mother, true, LateAsk, null, Entered, Policy);

        Assert.True(meeting.CountsForSpacing);
    }

    [Theory]
    [InlineData(Initiator.Consultant)]
    [InlineData(Initiator.Center)]
    public void CountsForSpacing_CancelledLateByConsultantOrCenter_False(Initiator by)
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.Cancel(by, false, null, null, Entered, Policy);

        Assert.False(meeting.CountsForSpacing);
    }

    [Fact]
    public void CountsForSpacing_MovedLateThroughStaff_StillScheduledAndCounts()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.Reschedule(new DateTime(2026, 3, 17, 7, 0, 0, DateTimeKind.Utc), Initiator.Mother, true, LateAsk, Entered, Policy);

        Assert.True(meeting.CountsForSpacing);
    }
}
