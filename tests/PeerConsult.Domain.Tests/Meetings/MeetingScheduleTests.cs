using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Meetings;

/// <summary>R3.1: a meeting lasts at most MaxMeetingLength and is booked for a time still ahead.</summary>
public class MeetingScheduleTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 17, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Start = new(2026, 3, 10, 7, 0, 0, DateTimeKind.Utc);

    private static Result<Meeting> Schedule(TimeSpan length, DateTime? start = null, CenterPolicy? policy = null, DateTime? now = null) =>
        Meeting.Schedule(MeetingBuilder.RequestId, Ids.Mother, Ids.ConsultantA, start ?? Start, length, now ?? Now, policy ?? new CenterPolicy());

    [Fact]
    public void Schedule_SixtyMinutes_ScheduledWithEndOneHourLater()
    {
        var result = Schedule(TimeSpan.FromMinutes(60));

        Assert.True(result.IsSuccess);
        var meeting = result.Value!;
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(Start, meeting.Start);
        Assert.Equal(new DateTime(2026, 3, 10, 8, 0, 0, DateTimeKind.Utc), meeting.End);
        Assert.Equal(MeetingBuilder.RequestId, meeting.RequestId);
        Assert.Equal(Ids.Mother, meeting.MotherId);
        Assert.Equal(Ids.ConsultantA, meeting.ConsultantId);
        Assert.Equal(Now, meeting.CreatedAt);
        Assert.Empty(meeting.Changes);
        Assert.Null(meeting.OutcomeRecordedAt);
    }

    [Fact]
    public void Schedule_SixtyOneMinutes_MeetingTooLongWithMax()
    {
        var result = Schedule(TimeSpan.FromMinutes(61));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.MeetingTooLong, result.Error!.Code);
        Assert.Equal("60", result.Error.Arg("max"));
    }

    [Fact]
    public void Schedule_OneTickOverSixtyMinutes_MeetingTooLong()
    {
        var result = Schedule(TimeSpan.FromMinutes(60) + TimeSpan.FromTicks(1));

        Assert.Equal(ErrorCodes.MeetingTooLong, result.Error!.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Schedule_ZeroOrNegativeLength_Refused(int minutes)
    {
        var result = Schedule(TimeSpan.FromMinutes(minutes));

        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Schedule_PolicyMaxFortyFiveMinutes_RefusesSixtyWithPolicyMax()
    {
        var policy = new CenterPolicy { MeetingLength = TimeSpan.FromMinutes(45), MaxMeetingLength = TimeSpan.FromMinutes(45) };

        var result = Schedule(TimeSpan.FromMinutes(60), policy: policy);

        Assert.Equal(ErrorCodes.MeetingTooLong, result.Error!.Code);
        Assert.Equal("45", result.Error.Arg("max"));
    }

    [Fact]
    public void Schedule_PolicyMaxFortyFiveMinutes_AcceptsFortyFive()
    {
        var policy = new CenterPolicy { MeetingLength = TimeSpan.FromMinutes(45), MaxMeetingLength = TimeSpan.FromMinutes(45) };

        var result = Schedule(TimeSpan.FromMinutes(45), policy: policy);

        Assert.True(result.IsSuccess);
        Assert.Equal(new DateTime(2026, 3, 10, 7, 45, 0, DateTimeKind.Utc), result.Value!.End);
    }

    [Fact]
    public void Schedule_StartEqualsNow_InThePast()
    {
        var result = Schedule(TimeSpan.FromMinutes(60), start: Now);

        Assert.Equal(ErrorCodes.InThePast, result.Error!.Code);
    }

    [Fact]
    public void Schedule_StartOneTickAfterNow_Scheduled()
    {
        var result = Schedule(TimeSpan.FromMinutes(60), start: Now.AddTicks(1));

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Schedule_TooLongAndInThePast_ReportsLengthFirst()
    {
        var result = Schedule(TimeSpan.FromMinutes(90), start: Now.AddHours(-1));

        Assert.Equal(ErrorCodes.MeetingTooLong, result.Error!.Code);
    }

    [Fact]
    public void Schedule_LocalStart_Throws()
    {
        var local = new DateTime(2026, 3, 10, 10, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => Schedule(TimeSpan.FromMinutes(60), start: local));
    }
}
