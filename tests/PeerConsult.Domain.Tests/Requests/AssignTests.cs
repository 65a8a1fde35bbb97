using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R1.3, R8: assigning and re-assigning a consultant; every assignment keeps its history and reason.</summary>
public class AssignTests
{
    private static readonly DateTime NextDay = new(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Assign_NewRequest_ReturnsContactRequired()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.Assign(Ids.ConsultantA, null, Details.Admin, Times.Assigned);

        Assert.Equal(ErrorCodes.ContactRequired, result.Error?.Code);
        Assert.Equal(RequestStatus.New, request.Status);
        Assert.Null(request.ConsultantId);
        Assert.Empty(request.Assignments);
    }

    [Fact]
    public void Assign_ContactedRequest_AssignsAndReturnsNoPreviousConsultant()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();

        var result = request.Assign(Ids.ConsultantA, "  Свободна на этой неделе ", Details.Admin, Times.Assigned);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Equal(Ids.ConsultantA, request.ConsultantId);
        var assignment = Assert.Single(request.Assignments);
        Assert.Equal(Ids.ConsultantA, assignment.ConsultantId);
        Assert.Equal(request.Id, assignment.RequestId);
        Assert.Equal(Times.Assigned, assignment.AssignedAt);
        Assert.Equal(Ids.Admin, assignment.AssignedBy);
        Assert.Equal("Свободна на этой неделе", assignment.Reason);
        Assert.True(assignment.IsCurrent);
        Assert.Null(assignment.EndedAt);
    }

    [Fact]
    public void Assign_ContactedRequest_RecordsAssignmentEvent()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();

        request.Assign(Ids.ConsultantA, "Свободна", Details.Admin, Times.Assigned);

        var assigned = request.History[^1];
        Assert.Equal(RequestEventKind.ConsultantAssigned, assigned.Kind);
        Assert.Equal(Times.Assigned, assigned.At);
        Assert.Equal(Ids.Admin, assigned.ActorUserId);
        var data = assigned.ReadData();
        Assert.Equal(Ids.ConsultantA.ToString(), data["consultantId"]);
        Assert.Null(data["previousConsultantId"]);
        Assert.Equal("Свободна", data["reason"]);
        Assert.Equal("False", data["chosenByMother"]);
    }

    [Fact]
    public void Assign_ConsultantTheMotherChose_EventSaysChosenByMother()
    {
        var request = RequestBuilder.Submitted()
            .WithDetails(Details.Valid() with { PreferredConsultantId = Ids.ConsultantA })
            .Contacted()
            .Build();

        request.Assign(Ids.ConsultantA, null, Details.Admin, Times.Assigned);

        Assert.Equal("True", request.History[^1].ReadData()["chosenByMother"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Assign_BlankReason_StoredAsNull(string? reason)
    {
        var request = RequestBuilder.Submitted().Contacted().Build();

        request.Assign(Ids.ConsultantA, reason, Details.Admin, Times.Assigned);

        Assert.Null(Assert.Single(request.Assignments).Reason);
        Assert.Null(request.History[^1].ReadData()["reason"]);
    }

    [Fact]
    public void Assign_AnotherConsultant_EndsPreviousAssignmentAndReturnsPreviousConsultant()
    {
        var request = RequestBuilder.Submitted().Assigned(Ids.ConsultantA).Build();

        var result = request.Assign(Ids.ConsultantB, "Не подошло время", Details.Admin, NextDay);

        Assert.True(result.IsSuccess);
        Assert.Equal(Ids.ConsultantA, result.Value);
        Assert.Equal(Ids.ConsultantB, request.ConsultantId);
        Assert.Equal(2, request.Assignments.Count);
        var previous = request.Assignments[0];
        Assert.Equal(Ids.ConsultantA, previous.ConsultantId);
        Assert.Equal(NextDay, previous.EndedAt);
        Assert.False(previous.IsCurrent);
        var current = Assert.Single(request.Assignments, a => a.IsCurrent);
        Assert.Equal(Ids.ConsultantB, current.ConsultantId);
        Assert.Equal(NextDay, current.AssignedAt);
        Assert.Equal(Ids.ConsultantA.ToString(), request.History[^1].ReadData()["previousConsultantId"]);
    }

    [Fact]
    public void Assign_AnotherConsultantAfterContactSent_ResetsTheMothersClock()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);

        var result = request.Assign(Ids.ConsultantB, "Мама попросила другую", Details.Admin, NextDay);

        Assert.Equal(Ids.ConsultantA, result.Value);
        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Null(request.ConsultantContactSentAt);
        Assert.Null(request.MotherContactDueAt);
        Assert.Null(request.AutoCloseAt);
    }

    [Fact]
    public void Assign_AnotherConsultantAfterReminder_ResetsMotherRemindedAt()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var reminderDue = new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc);
        request.RemindMother(reminderDue, new CenterPolicy());
        Assert.Equal(reminderDue, request.MotherRemindedAt);

        var result = request.Assign(Ids.ConsultantB, "Мама не дозвонилась", Details.Admin, reminderDue.AddHours(1));

        Assert.True(result.IsSuccess);
        Assert.Null(request.MotherRemindedAt);
    }

    [Fact]
    public void Assign_ClosedForNoContact_ReturnsInvalidStatus()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.CloseForNoContact(new DateTime(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc), new CenterPolicy());
        var historyBefore = request.History.Count;

        var result = request.Assign(Ids.ConsultantB, null, Details.Admin, new DateTime(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc));

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
        Assert.Equal("Closed", result.Error!.Arg("requestStatus"));
        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.Equal(Ids.ConsultantA, Assert.Single(request.Assignments).ConsultantId);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void Assign_ThirdConsultant_OnlyTheNewestAssignmentIsCurrent()
    {
        var request = RequestBuilder.Submitted().Assigned(Ids.ConsultantA).Build();
        request.Assign(Ids.ConsultantB, null, Details.Admin, NextDay);

        var result = request.Assign(Ids.ConsultantC, null, Details.Admin, NextDay.AddHours(2));

        Assert.Equal(Ids.ConsultantB, result.Value);
        Assert.Equal(new DateTime?[] { NextDay, NextDay.AddHours(2), null }, request.Assignments.Select(a => a.EndedAt));
    }

    [Fact]
    public void Assign_SameConsultantAgain_ReturnsAlreadyAssigned()
    {
        var request = RequestBuilder.Submitted().Assigned(Ids.ConsultantA).Build();
        var historyBefore = request.History.Count;

        var result = request.Assign(Ids.ConsultantA, null, Details.Admin, NextDay);

        Assert.Equal(ErrorCodes.AlreadyAssigned, result.Error?.Code);
        var assignment = Assert.Single(request.Assignments);
        Assert.True(assignment.IsCurrent);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void Assign_SameConsultantAfterContactSent_KeepsTheMothersClock()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.Assign(Ids.ConsultantA, null, Details.Admin, NextDay);

        Assert.Equal(ErrorCodes.AlreadyAssigned, result.Error?.Code);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.Equal(Times.ContactSent, request.ConsultantContactSentAt);
        Assert.Equal(new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc), request.MotherContactDueAt);
        Assert.Equal(new DateTime(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc), request.AutoCloseAt);
    }

    [Fact]
    public void Assign_Reassignment_HistoryKeepsHowManyMeetingsWereCancelled()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.Assign(Ids.ConsultantB, "Не могут подобрать время", Details.Admin, NextDay, cancelledMeetings: 2);

        Assert.Equal(Ids.ConsultantA, result.Value);
        Assert.Equal("2", request.History[^1].ReadData()["cancelledMeetings"]);
    }

    [Fact]
    public void Assign_FirstAssignment_NoCancelledMeetingsLine()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();

        request.Assign(Ids.ConsultantA, null, Details.Admin, Times.Assigned);

        Assert.Null(request.History[^1].ReadData()["cancelledMeetings"]);
    }
}
