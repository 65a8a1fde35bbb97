using System.Globalization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>
/// R4.1–R4.3, R5.1: the mother moves her meeting herself until the cutoff; staff record when she asked; every move of
/// hers is a violation (in time or late), a move by the consultant or the Center never is.
/// </summary>
public class MeetingRescheduleTests
{
    private static readonly CenterPolicy Policy = new();

    /// <summary>Tuesday 17 March 2026, 10:00 in Moscow.</summary>
    private static readonly DateTime NewStart = new(2026, 3, 17, 7, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime AfterDeadline = MeetingBuilder.Deadline.AddTicks(1);

    [Fact]
    public void Reschedule_MotherExactlyAtCutoff_MovedInTime()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Reschedule(NewStart, Initiator.Mother, enteredByStaff: false, requestedAt: null, MeetingBuilder.Deadline, Policy);

        Assert.True(result.IsSuccess);
        Assert.Equal(ViolationKind.MovedInTime, result.Value);
    }

    [Fact]
    public void Reschedule_MotherInTime_MovesStartAndEndKeepingLength()
    {
        var meeting = MeetingBuilder.Scheduled().Lasting(TimeSpan.FromMinutes(45)).Build();

        meeting.Reschedule(NewStart, Initiator.Mother, false, null, MeetingBuilder.Deadline, Policy);

        Assert.Equal(NewStart, meeting.Start);
        Assert.Equal(new DateTime(2026, 3, 17, 7, 45, 0, DateTimeKind.Utc), meeting.End);
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
    }

    [Fact]
    public void Reschedule_MotherInTime_RecordsTheMoveInHistory()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        meeting.Reschedule(NewStart, Initiator.Mother, false, null, MeetingBuilder.Deadline, Policy);

        var change = Assert.Single(meeting.Changes);
        Assert.Equal(meeting.Id, change.MeetingId);
        Assert.False(change.IsCancellation);
        Assert.Equal(MeetingBuilder.Start, change.FromStart);
        Assert.Equal(NewStart, change.ToStart);
        Assert.Equal(Initiator.Mother, change.By);
        Assert.Equal(MeetingBuilder.Deadline, change.RequestedAt);
        Assert.True(change.InTime);
        Assert.Equal(MeetingBuilder.Deadline, change.RecordedAt);
    }

    [Fact]
    public void Reschedule_MotherHerselfOneTickAfterCutoff_ChangeCutoffWithDeadline()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Reschedule(NewStart, Initiator.Mother, false, null, AfterDeadline, Policy);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.ChangeCutoff, result.Error!.Code);
        Assert.Equal("2026-03-10T01:00:00.0000000Z", result.Error.Arg("deadline"));
    }

    [Fact]
    public void Reschedule_MotherHerselfAfterCutoff_LeavesMeetingUnchanged()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        meeting.Reschedule(NewStart, Initiator.Mother, false, null, AfterDeadline, Policy);

        Assert.Equal(MeetingBuilder.Start, meeting.Start);
        Assert.Empty(meeting.Changes);
    }

    [Fact]
    public void Reschedule_PolicyCutoffTwelveHours_JudgedAgainstThatCutoff()
    {
        var policy = new CenterPolicy { ChangeCutoff = TimeSpan.FromHours(12) };
        var meeting = MeetingBuilder.Scheduled().Build();
        var sevenHoursBefore = new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(NewStart, Initiator.Mother, false, null, sevenHoursBefore, policy);

        Assert.Equal(ErrorCodes.ChangeCutoff, result.Error!.Code);
        Assert.Equal("2026-03-09T19:00:00.0000000Z", result.Error.Arg("deadline"));
    }

    [Fact]
    public void Reschedule_StaffEnterRequestAskedBeforeCutoffEnteredAfter_MovedInTime()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var asked = new DateTime(2026, 3, 9, 20, 0, 0, DateTimeKind.Utc);
        var entered = new DateTime(2026, 3, 10, 5, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(NewStart, Initiator.Mother, enteredByStaff: true, asked, entered, Policy);

        Assert.True(result.IsSuccess);
        Assert.Equal(ViolationKind.MovedInTime, result.Value);
        var change = Assert.Single(meeting.Changes);
        Assert.Equal(asked, change.RequestedAt);
        Assert.Equal(entered, change.RecordedAt);
        Assert.True(change.InTime);
    }

    [Fact]
    public void Reschedule_StaffEnterRequestAskedOneTickAfterCutoff_MovedLate()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var entered = new DateTime(2026, 3, 10, 5, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(NewStart, Initiator.Mother, true, AfterDeadline, entered, Policy);

        Assert.True(result.IsSuccess);
        Assert.Equal(ViolationKind.MovedLate, result.Value);
        Assert.False(Assert.Single(meeting.Changes).InTime);
        Assert.Equal(NewStart, meeting.Start);
    }

    [Fact]
    public void Reschedule_RequestedAtOneTickInTheFuture_InTheFuture()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var now = new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(NewStart, Initiator.Mother, true, now.AddTicks(1), now, Policy);

        Assert.Equal(ErrorCodes.InTheFuture, result.Error!.Code);
        Assert.Empty(meeting.Changes);
    }

    [Fact]
    public void Reschedule_RequestedAtEqualsNow_Accepted()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var now = new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(NewStart, Initiator.Mother, true, now, now, Policy);

        Assert.Equal(ViolationKind.MovedInTime, result.Value);
    }

    [Fact]
    public void Reschedule_NewStartEqualsNow_InThePast()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var now = new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(now, Initiator.Consultant, false, null, now, Policy);

        Assert.Equal(ErrorCodes.InThePast, result.Error!.Code);
    }

    [Theory]
    [InlineData(Initiator.Consultant)]
    [InlineData(Initiator.Center)]
    public void Reschedule_ConsultantOrCenterAfterCutoff_MovedWithoutViolation(Initiator by)
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Reschedule(NewStart, by, false, null, AfterDeadline, Policy);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(NewStart, meeting.Start);
        Assert.Equal(by, Assert.Single(meeting.Changes).By);
    }

    [Theory]
    [InlineData(Initiator.Consultant)]
    [InlineData(Initiator.Center)]
    public void Reschedule_ConsultantOrCenterInTime_NoViolation(Initiator by)
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Reschedule(NewStart, by, false, null, MeetingBuilder.BookedAt, Policy);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Reschedule_TwiceInTime_BothMovesInHistory()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        var later = new DateTime(2026, 3, 24, 7, 0, 0, DateTimeKind.Utc);
        var firstAsk = new DateTime(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc);
        var secondAsk = new DateTime(2026, 3, 6, 9, 0, 0, DateTimeKind.Utc);

        meeting.Reschedule(NewStart, Initiator.Mother, false, null, firstAsk, Policy);
        meeting.Reschedule(later, Initiator.Consultant, false, null, secondAsk, Policy);

        Assert.Collection(
            meeting.Changes,
            c => Assert.Equal((MeetingBuilder.Start, (DateTime?)NewStart), (c.FromStart, c.ToStart)),
            c => Assert.Equal((NewStart, (DateTime?)later), (c.FromStart, c.ToStart)));
    }

    [Fact]
    public void Reschedule_Cancelled_InvalidStatus()
    {
        var meeting = MeetingBuilder.Scheduled().Build();
        meeting.Cancel(Initiator.Consultant, false, null, "Заболела", MeetingBuilder.BookedAt, Policy);

        var result = meeting.Reschedule(NewStart, Initiator.Mother, false, null, MeetingBuilder.BookedAt, Policy);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error!.Code);
        Assert.Equal(MeetingStatus.Cancelled.ToString(), result.Error.Arg("meetingStatus"));
    }

    [Fact]
    public void Reschedule_Held_InvalidStatus()
    {
        var meeting = MeetingBuilder.Scheduled().WithOutcome(MeetingOutcome.Held);
        var now = new DateTime(2026, 3, 10, 8, 0, 0, DateTimeKind.Utc);

        var result = meeting.Reschedule(NewStart, Initiator.Consultant, false, null, now, Policy);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error!.Code);
        Assert.Equal("Held", result.Error.Arg("meetingStatus"));
    }

    [Fact]
    public void Reschedule_DeadlineArgument_IsRoundTripInvariant()
    {
        var meeting = MeetingBuilder.Scheduled().Build();

        var result = meeting.Reschedule(NewStart, Initiator.Mother, false, null, AfterDeadline, Policy);

        var parsed = DateTime.Parse(result.Error!.Arg("deadline")!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(meeting.ChangeDeadline(Policy), parsed);
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
    }
}
