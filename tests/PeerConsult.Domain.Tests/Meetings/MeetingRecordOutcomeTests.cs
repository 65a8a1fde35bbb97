using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R3, R5.1, R7.3: the consultant records what happened once the meeting has started; some outcomes are violations.</summary>
public class MeetingRecordOutcomeTests
{
    private static readonly DateTime AfterEnd = new(2026, 3, 10, 8, 5, 0, DateTimeKind.Utc);

    [Fact]
    public void RecordOutcome_OneTickBeforeStart_BeforeStartWithStart()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.RecordOutcome(MeetingOutcome.MotherNoShow, MeetingBuilder.Start.AddTicks(-1));

        Assert.Equal(ErrorCodes.BeforeStart, result.Error!.Code);
        Assert.Equal("2026-03-10T07:00:00.0000000Z", result.Error.Arg("start"));
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Null(meeting.OutcomeRecordedAt);
    }

    [Fact]
    public void RecordOutcome_ExactlyAtStart_Recorded()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.RecordOutcome(MeetingOutcome.MotherNoShow, MeetingBuilder.Start);

        Assert.True(result.IsSuccess);
        Assert.Equal(MeetingStatus.MotherNoShow, meeting.Status);
        Assert.Equal(MeetingBuilder.Start, meeting.OutcomeRecordedAt);
    }

    [Theory]
    [InlineData(MeetingOutcome.Held, MeetingStatus.Held, null)]
    [InlineData(MeetingOutcome.MotherNoShow, MeetingStatus.MotherNoShow, ViolationKind.NoShow)]
    [InlineData(MeetingOutcome.RefusedVideoOff, MeetingStatus.RefusedVideoOff, ViolationKind.VideoOff)]
    [InlineData(MeetingOutcome.ConsultantCancelled, MeetingStatus.ConsultantCancelled, null)]
    [InlineData(MeetingOutcome.TechnicalFailure, MeetingStatus.TechnicalFailure, null)]
    public void RecordOutcome_AfterEnd_SetsStatusAndReturnsViolation(MeetingOutcome outcome, MeetingStatus status, ViolationKind? violation)
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.RecordOutcome(outcome, AfterEnd);

        Assert.True(result.IsSuccess);
        Assert.Equal(violation, result.Value);
        Assert.Equal(status, meeting.Status);
        Assert.Equal(AfterEnd, meeting.OutcomeRecordedAt);
    }

    [Fact]
    public void RecordOutcome_Second_InvalidStatusAndFirstKept()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.RecordOutcome(MeetingOutcome.Held, AfterEnd);

        var result = meeting.RecordOutcome(MeetingOutcome.MotherNoShow, AfterEnd.AddMinutes(1));

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error!.Code);
        Assert.Equal("Held", result.Error.Arg("meetingStatus"));
        Assert.Equal(MeetingStatus.Held, meeting.Status);
        Assert.Equal(AfterEnd, meeting.OutcomeRecordedAt);
    }

    [Fact]
    public void RecordOutcome_Cancelled_InvalidStatus()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.CancelForRefusal(MeetingBuilder.BookedAt);

        var result = meeting.RecordOutcome(MeetingOutcome.MotherNoShow, AfterEnd);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error!.Code);
        Assert.Equal("Cancelled", result.Error.Arg("meetingStatus"));
    }

    [Fact]
    public void RecordOutcome_AfterMoveLater_JudgedAgainstTheNewStart()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var newStart = new DateTime(2026, 3, 17, 7, 0, 0, DateTimeKind.Utc);
        meeting.Reschedule(newStart, Initiator.Consultant, false, null, MeetingBuilder.BookedAt, new CenterPolicy());

        var result = meeting.RecordOutcome(MeetingOutcome.Held, AfterEnd);

        Assert.Equal(ErrorCodes.BeforeStart, result.Error!.Code);
        Assert.Equal("2026-03-17T07:00:00.0000000Z", result.Error.Arg("start"));
    }
}
