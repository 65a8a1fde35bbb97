using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R4.1–R4.3, R5.1: cancelling follows the same cutoff and counting as moving.</summary>
public class MeetingCancelTests
{
    private static readonly CenterPolicy Policy = new();

    private static readonly DateTime AfterDeadline = MeetingBuilder.Deadline.AddTicks(1);

    [Fact]
    public void Cancel_MotherExactlyAtCutoff_CancelledInTime()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Cancel(Initiator.Mother, false, null, "Ребёнок заболел", MeetingBuilder.Deadline, Policy);

        Assert.True(result.IsSuccess);
        Assert.Equal(ViolationKind.CancelledInTime, result.Value);
        Assert.Equal(MeetingStatus.Cancelled, meeting.Status);
        Assert.Equal(Initiator.Mother, meeting.CancelledBy);
        Assert.Equal(MeetingBuilder.Deadline, meeting.CancelRequestedAt);
        Assert.True(meeting.CancelledInTime);
    }

    [Fact]
    public void Cancel_MotherInTime_RecordsTheCancellationWithTrimmedReason()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        meeting.Cancel(Initiator.Mother, false, null, "  Ребёнок заболел  ", MeetingBuilder.Deadline, Policy);

        var change = Assert.Single(meeting.Changes);
        Assert.True(change.IsCancellation);
        Assert.Equal(MeetingBuilder.Start, change.FromStart);
        Assert.Null(change.ToStart);
        Assert.Equal(Initiator.Mother, change.By);
        Assert.True(change.InTime);
        Assert.Equal("Ребёнок заболел", change.Reason);
    }

    [Fact]
    public void Cancel_BlankReason_StoredAsNoReason()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        meeting.Cancel(Initiator.Consultant, false, null, "   ", MeetingBuilder.Deadline, Policy);

        Assert.Null(Assert.Single(meeting.Changes).Reason);
    }

    [Fact]
    public void Cancel_MotherHerselfOneTickAfterCutoff_ChangeCutoffWithDeadline()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Cancel(Initiator.Mother, false, null, null, AfterDeadline, Policy);

        Assert.Equal(ErrorCodes.ChangeCutoff, result.Error!.Code);
        Assert.Equal("2026-03-10T01:00:00.0000000Z", result.Error.Arg("deadline"));
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Null(meeting.CancelledBy);
        Assert.Empty(meeting.Changes);
    }

    [Fact]
    public void Cancel_StaffEnterRequestAskedBeforeCutoffEnteredAfter_CancelledInTime()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var asked = new DateTime(2026, 3, 9, 20, 0, 0, DateTimeKind.Utc);
        var entered = new DateTime(2026, 3, 10, 5, 0, 0, DateTimeKind.Utc);

        var result = meeting.Cancel(Initiator.Mother, true, asked, null, entered, Policy);

        Assert.Equal(ViolationKind.CancelledInTime, result.Value);
        Assert.Equal(asked, meeting.CancelRequestedAt);
        Assert.True(meeting.CancelledInTime);
        Assert.Equal(entered, Assert.Single(meeting.Changes).RecordedAt);
    }

    [Fact]
    public void Cancel_StaffEnterRequestAskedOneTickAfterCutoff_CancelledLate()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var entered = new DateTime(2026, 3, 10, 5, 0, 0, DateTimeKind.Utc);

        var result = meeting.Cancel(Initiator.Mother, true, AfterDeadline, null, entered, Policy);

        Assert.Equal(ViolationKind.CancelledLate, result.Value);
        Assert.False(meeting.CancelledInTime);
        Assert.Equal(MeetingStatus.Cancelled, meeting.Status);
    }

    [Fact]
    public void Cancel_RequestedAtOneTickInTheFuture_InTheFuture()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var now = new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc);

        var result = meeting.Cancel(Initiator.Mother, true, now.AddTicks(1), null, now, Policy);

        Assert.Equal(ErrorCodes.InTheFuture, result.Error!.Code);
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
    }

    [Theory]
    [InlineData(Initiator.Consultant)]
    [InlineData(Initiator.Center)]
    public void Cancel_ConsultantOrCenterAfterCutoff_CancelledWithoutViolation(Initiator by)
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Cancel(by, false, null, "Заболела", AfterDeadline, Policy);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(MeetingStatus.Cancelled, meeting.Status);
        Assert.Equal(by, meeting.CancelledBy);
    }

    [Theory]
    [InlineData(Initiator.Consultant)]
    [InlineData(Initiator.Center)]
    public void Cancel_ConsultantOrCenterInTime_NoViolation(Initiator by)
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Cancel(by, false, null, null, MeetingBuilder.BookedAt, Policy);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Cancel_AlreadyCancelled_InvalidStatus()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.Cancel(Initiator.Mother, false, null, null, MeetingBuilder.BookedAt, Policy);

        var result = meeting.Cancel(Initiator.Mother, false, null, null, MeetingBuilder.BookedAt, Policy);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error!.Code);
        Assert.Single(meeting.Changes);
    }

    [Fact]
    public void Cancel_AfterOutcome_InvalidStatus()
    {
        var meeting = MeetingBuilder.Scheduled().WithOutcome(MeetingOutcome.MotherNoShow);

        var result = meeting.Cancel(Initiator.Center, false, null, null, MeetingBuilder.Start, Policy);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error!.Code);
        Assert.Equal("MotherNoShow", result.Error.Arg("meetingStatus"));
    }
}
