using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R1.3/R2: sending the consultant's contact starts the mother's 24/48-hour clock.</summary>
public class MarkConsultantContactSentTests
{
    private static readonly CenterPolicy Defaults = new();

    [Fact]
    public void MarkConsultantContactSent_NewRequest_ReturnsAssignmentRequired()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.MarkConsultantContactSent(Times.ContactSent, Details.Admin, Times.ContactSent, Defaults);

        Assert.Equal(ErrorCodes.AssignmentRequired, result.Error?.Code);
        Assert.Equal(RequestStatus.New, request.Status);
    }

    [Fact]
    public void MarkConsultantContactSent_ContactedButNotAssigned_ReturnsAssignmentRequired()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();

        var result = request.MarkConsultantContactSent(Times.ContactSent, Details.Admin, Times.ContactSent, Defaults);

        Assert.Equal(ErrorCodes.AssignmentRequired, result.Error?.Code);
        Assert.Equal(RequestStatus.Contacted, request.Status);
        Assert.Null(request.MotherContactDueAt);
    }

    [Fact]
    public void MarkConsultantContactSent_DefaultPolicy_DueIn24hClosesIn48h()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();

        var result = request.MarkConsultantContactSent(Times.ContactSent, Details.Admin, Times.ContactSent.AddMinutes(10), Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.Equal(Times.ContactSent, request.ConsultantContactSentAt);
        Assert.Equal(new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc), request.MotherContactDueAt);
        Assert.Equal(new DateTime(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc), request.AutoCloseAt);
    }

    [Fact]
    public void MarkConsultantContactSent_CustomPolicy_ClockComesFromPolicy()
    {
        var policy = new CenterPolicy { MotherContactDeadline = TimeSpan.FromHours(12), MotherContactCloseAfter = TimeSpan.FromHours(36) };
        var request = RequestBuilder.Submitted().Assigned().Build();

        request.MarkConsultantContactSent(Times.ContactSent, Details.Admin, Times.ContactSent, policy);

        Assert.Equal(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc), request.MotherContactDueAt);
        Assert.Equal(new DateTime(2026, 3, 4, 5, 0, 0, DateTimeKind.Utc), request.AutoCloseAt);
    }

    [Fact]
    public void MarkConsultantContactSent_RecordsEventWithAppliedPolicy()
    {
        var policy = new CenterPolicy { MotherContactDeadline = TimeSpan.FromHours(12), MotherContactCloseAfter = TimeSpan.FromHours(36) };
        var request = RequestBuilder.Submitted().Assigned().Build();

        request.MarkConsultantContactSent(Times.ContactSent, Details.Admin, Times.ContactSent.AddMinutes(10), policy);

        var sent = request.History[^1];
        Assert.Equal(RequestEventKind.ConsultantContactSent, sent.Kind);
        Assert.Equal(Times.ContactSent.AddMinutes(10), sent.At);
        Assert.Equal(Ids.Admin, sent.ActorUserId);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MotherContactDeadline"] = "12:00:00",
                ["MotherContactCloseAfter"] = "1.12:00:00",
            },
            sent.ReadPolicy());
        var data = sent.ReadData();
        Assert.Equal("2026-03-02T17:00:00.0000000Z", data["at"]);
        Assert.Equal(Ids.ConsultantA.ToString(), data["consultantId"]);
    }

    [Fact]
    public void MarkConsultantContactSent_DefaultPolicy_EventRecords24hAnd48h()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var policy = request.History[^1].ReadPolicy();

        Assert.Equal("1.00:00:00", policy["MotherContactDeadline"]);
        Assert.Equal("2.00:00:00", policy["MotherContactCloseAfter"]);
    }

    [Fact]
    public void MarkConsultantContactSent_AtOneTickInTheFuture_ReturnsInTheFuture()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();

        var result = request.MarkConsultantContactSent(Times.ContactSent.AddTicks(1), Details.Admin, Times.ContactSent, Defaults);

        Assert.Equal(ErrorCodes.InTheFuture, result.Error?.Code);
        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Null(request.ConsultantContactSentAt);
        Assert.Null(request.MotherContactDueAt);
        Assert.Null(request.AutoCloseAt);
    }

    [Fact]
    public void MarkConsultantContactSent_AtBeforeAssignment_Fails()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();

        var result = request.MarkConsultantContactSent(Times.Assigned.AddTicks(-1), Details.Admin, Times.ContactSent, Defaults);

        Assert.Equal(ErrorCodes.BeforeAssignment, result.Error?.Code);
        Assert.Equal("2026-03-02T16:00:00.0000000Z", result.Error!.Arg("assignedAt"));
        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Null(request.ConsultantContactSentAt);
    }

    [Fact]
    public void MarkConsultantContactSent_AtExactlyAssignment_Succeeds()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();

        var result = request.MarkConsultantContactSent(Times.Assigned, Details.Admin, Times.ContactSent, Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(new DateTime(2026, 3, 3, 16, 0, 0, DateTimeKind.Utc), request.MotherContactDueAt);
    }

    [Fact]
    public void MarkConsultantContactSent_AtBeforeReassignment_Fails()
    {
        var request = RequestBuilder.Submitted().Assigned(Ids.ConsultantA).Build();
        var reassignedAt = new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc);
        request.Assign(Ids.ConsultantB, null, Details.Admin, reassignedAt);

        var result = request.MarkConsultantContactSent(Times.ContactSent, Details.Admin, reassignedAt.AddHours(1), Defaults);

        Assert.False(result.IsSuccess);
        Assert.Equal("2026-03-03T10:00:00.0000000Z", result.Error!.Arg("assignedAt"));
        Assert.Null(request.MotherContactDueAt);
    }

    [Fact]
    public void MarkConsultantContactSent_AfterReassignment_ClockStartsFromTheNewSending()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var reassignedAt = new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc);
        request.Assign(Ids.ConsultantB, null, Details.Admin, reassignedAt);
        var sentAgain = new DateTime(2026, 3, 3, 11, 0, 0, DateTimeKind.Utc);

        var result = request.MarkConsultantContactSent(sentAgain, Details.Admin, sentAgain, Defaults);

        Assert.True(result.IsSuccess);
        Assert.Equal(sentAgain, request.ConsultantContactSentAt);
        Assert.Equal(new DateTime(2026, 3, 4, 11, 0, 0, DateTimeKind.Utc), request.MotherContactDueAt);
        Assert.Equal(new DateTime(2026, 3, 5, 11, 0, 0, DateTimeKind.Utc), request.AutoCloseAt);
        Assert.Equal(Ids.ConsultantB.ToString(), request.History[^1].ReadData()["consultantId"]);
    }

    [Fact]
    public void MarkConsultantContactSent_SentTwice_ReturnsInvalidStatusAndKeepsFirstClock()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var later = new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc);

        var result = request.MarkConsultantContactSent(later, Details.Admin, later, Defaults);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
        Assert.Equal("AwaitingMotherContact", result.Error!.Arg("requestStatus"));
        Assert.Equal(Times.ContactSent, request.ConsultantContactSentAt);
        Assert.Equal(new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc), request.MotherContactDueAt);
        Assert.Equal(new DateTime(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc), request.AutoCloseAt);
    }
}
