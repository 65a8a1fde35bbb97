using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R2.3: she got in touch with her consultant; recorded with the time it happened, it stops her 24/48-hour clock.</summary>
public class MarkMotherContactedTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static readonly CenterPolicy Defaults = new();

    private static readonly DateTime Due = new(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime NextMorning = new(2026, 3, 3, 8, 0, 0, DateTimeKind.Utc);

    private static Actor Consultant => Actor.Consultant(Ids.ConsultantA);

    [Fact]
    public void MarkMotherContacted_AwaitingContact_InTouchAtThatTime()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.MarkMotherContacted(NextMorning, Consultant, NextMorning.AddMinutes(30), Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.InTouch, request.Status);
        Assert.Equal(NextMorning, request.MotherContactedAt);
        Assert.True(request.IsOpen);
    }

    [Fact]
    public void MarkMotherContacted_InTime_RecordsEventOnTimeTrue()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;

        request.MarkMotherContacted(NextMorning, Consultant, NextMorning.AddMinutes(30), Defaults);

        Assert.Equal(historyBefore + 1, request.History.Count);
        var contacted = request.History[^1];
        Assert.Equal(RequestEventKind.MotherContacted, contacted.Kind);
        Assert.Equal(NextMorning.AddMinutes(30), contacted.At);
        Assert.Equal(Ids.ConsultantA, contacted.ActorUserId);
        Assert.Equal("consultant", contacted.ActorRole);
        var data = contacted.ReadData();
        Assert.Equal("2026-03-03T08:00:00.0000000Z", data["at"]);
        Assert.Equal("True", data["onTime"]);
    }

    [Fact]
    public void MarkMotherContacted_ExactlyAtDue_OnTimeTrue()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        request.MarkMotherContacted(Due, Details.Admin, Due.AddHours(1), Defaults);

        Assert.Equal("True", request.History[^1].ReadData()["onTime"]);
    }

    [Fact]
    public void MarkMotherContacted_OneTickAfterDue_OnTimeFalse()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.MarkMotherContacted(Due + OneTick, Details.Admin, Due.AddHours(1), Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.InTouch, request.Status);
        Assert.Equal("False", request.History[^1].ReadData()["onTime"]);
    }

    [Fact]
    public void MarkMotherContacted_AfterReminder_InTouchOnTimeFalse()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.RemindMother(Due, new CenterPolicy());
        var late = new DateTime(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc);

        var result = request.MarkMotherContacted(late, Details.Admin, late, Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(late, request.MotherContactedAt);
        Assert.Equal(Due, request.MotherRemindedAt);
        Assert.Equal("False", request.History[^1].ReadData()["onTime"]);
    }

    [Fact]
    public void MarkMotherContacted_PolicyInSeconds_OnTimeJudgedOnThePolicyDue()
    {
        var policy = new CenterPolicy { MotherContactDeadline = TimeSpan.FromSeconds(10), MotherContactCloseAfter = TimeSpan.FromSeconds(20) };
        var onTime = RequestBuilder.Submitted().WithPolicy(policy).ContactSent().Build();
        var late = RequestBuilder.Submitted().WithPolicy(policy).ContactSent().Build();
        var due = new DateTime(2026, 3, 2, 17, 0, 10, DateTimeKind.Utc);

        onTime.MarkMotherContacted(due, Details.Admin, due, Defaults);
        late.MarkMotherContacted(due + OneTick, Details.Admin, due + OneTick, Defaults);

        Assert.Equal("True", onTime.History[^1].ReadData()["onTime"]);
        Assert.Equal("False", late.History[^1].ReadData()["onTime"]);
    }

    [Fact]
    public void MarkMotherContacted_AtEqualsNow_Succeeds()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.MarkMotherContacted(NextMorning, Consultant, NextMorning, Defaults);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void MarkMotherContacted_AtOneTickInTheFuture_ReturnsInTheFuture()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;

        var result = request.MarkMotherContacted(NextMorning + OneTick, Consultant, NextMorning, Defaults);

        Assert.Equal(ErrorCodes.InTheFuture, result.Error?.Code);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.Null(request.MotherContactedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void MarkMotherContacted_AtOneTickBeforeContactSent_ReturnsBeforeContactSentWithSentAt()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;

        var result = request.MarkMotherContacted(Times.ContactSent - OneTick, Consultant, NextMorning, Defaults);

        Assert.Equal(ErrorCodes.BeforeContactSent, result.Error?.Code);
        Assert.Equal("2026-03-02T17:00:00.0000000Z", result.Error!.Arg("sentAt"));
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.Null(request.MotherContactedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void MarkMotherContacted_AtExactlyContactSent_Succeeds()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.MarkMotherContacted(Times.ContactSent, Consultant, NextMorning, Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(Times.ContactSent, request.MotherContactedAt);
    }

    [Fact]
    public void MarkMotherContacted_AssignedButContactNotSent_ReturnsInvalidStatus()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();

        var result = request.MarkMotherContacted(NextMorning, Consultant, NextMorning, Defaults);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
        Assert.Equal("Assigned", result.Error!.Arg("requestStatus"));
        Assert.Null(request.MotherContactedAt);
    }

    [Fact]
    public void MarkMotherContacted_AlreadyInTouch_ReturnsInvalidStatusAndKeepsFirstTime()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.MarkMotherContacted(NextMorning, Consultant, NextMorning, Defaults);
        var historyBefore = request.History.Count;

        var result = request.MarkMotherContacted(NextMorning.AddHours(2), Details.Admin, NextMorning.AddHours(2), Defaults);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
        Assert.Equal("InTouch", result.Error!.Arg("requestStatus"));
        Assert.Equal(NextMorning, request.MotherContactedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void MarkMotherContacted_ClosedForNoContact_ReturnsInvalidStatusAndReopensNothing()
    {
        // A late recording of a contact that happened before the close does not reopen the request (R5.3 is the way back).
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var closedAt = new DateTime(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc);
        request.CloseForNoContact(closedAt, new CenterPolicy());
        var historyBefore = request.History.Count;

        var result = request.MarkMotherContacted(NextMorning, Consultant, closedAt.AddHours(1), Defaults);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
        Assert.Equal("Closed", result.Error!.Arg("requestStatus"));
        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.Equal(ClosedReason.NoContact, request.ClosedReason);
        Assert.Equal(closedAt, request.ClosedAt);
        Assert.Null(request.MotherContactedAt);
        Assert.False(Assert.Single(request.Assignments).IsCurrent);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void MarkMotherContacted_NonUtcAt_Throws()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var thrown = Assert.Throws<ArgumentException>(() =>
            request.MarkMotherContacted(new DateTime(2026, 3, 3, 11, 0, 0, DateTimeKind.Unspecified), Consultant, NextMorning, Defaults));

        Assert.Equal("at", thrown.ParamName);
    }

    [Fact]
    public void MarkMotherContacted_AfterCloseTime_ReturnsAfterCloseTimeAndKeepsWaiting()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var closeAt = request.AutoCloseAt!.Value;

        var result = request.MarkMotherContacted(closeAt + OneTick, Details.Admin, closeAt.AddMinutes(5), Defaults);

        Assert.Equal(ErrorCodes.AfterCloseTime, result.Error?.Code);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.Null(request.MotherContactedAt);
    }

    [Fact]
    public void MarkMotherContacted_ExactlyAtCloseTime_StillInTouch()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var closeAt = request.AutoCloseAt!.Value;

        var result = request.MarkMotherContacted(closeAt, Details.Admin, closeAt.AddMinutes(5), Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.InTouch, request.Status);
    }

    [Fact]
    public void MarkMotherContacted_Recorded_EventCarriesThePolicyApplied()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        request.MarkMotherContacted(NextMorning, Consultant, NextMorning, Defaults);

        var policy = request.History[^1].ReadPolicy();
        Assert.Equal("1.00:00:00", policy["MotherContactDeadline"]);
        Assert.Equal("2.00:00:00", policy["MotherContactCloseAfter"]);
    }

    [Fact]
    public void Assign_AfterMotherWasInTouch_ForgetsTheOldContactTime()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.MarkMotherContacted(NextMorning, Consultant, NextMorning, Defaults);

        request.Assign(Ids.ConsultantB, "не подошёл консультант", Details.Admin, NextMorning.AddHours(3));

        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Null(request.MotherContactedAt);
    }
}
