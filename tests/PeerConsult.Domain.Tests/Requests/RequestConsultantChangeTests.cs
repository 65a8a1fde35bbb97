using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R8.1, R8.2: the mother asks for another consultant; the administrator confirms by assigning.</summary>
public class RequestConsultantChangeTests
{
    private static readonly DateTime Later = new(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc);

    private static Actor Mother => Actor.Mother(Ids.Mother);

    [Fact]
    public void RequestConsultantChange_InTouchWithChoice_HistoryLine_PreferenceSet_StatusAndConsultantUnchanged()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.RequestConsultantChange(Ids.ConsultantB, "  не подошёл консультант ", Mother, Later);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.Equal(Ids.ConsultantA, request.ConsultantId);
        Assert.Equal(Ids.ConsultantB, request.PreferredConsultantId);
        var line = request.History[^1];
        Assert.Equal(RequestEventKind.ConsultantChangeRequested, line.Kind);
        Assert.Equal(Later, line.At);
        Assert.Equal("mother", line.ActorRole);
        var data = line.ReadData();
        Assert.Equal(Ids.ConsultantA.ToString(), data["consultantId"]);
        Assert.Equal(Ids.ConsultantB.ToString(), data["preferredConsultantId"]);
        Assert.Equal("не подошёл консультант", data["note"]);
    }

    [Fact]
    public void RequestConsultantChange_NoChoice_PreferenceKept()
    {
        var request = RequestBuilder.Submitted().WithDetails(Details.Valid() with { PreferredConsultantId = Ids.ConsultantC }).ContactSent().Build();

        var result = request.RequestConsultantChange(null, null, Mother, Later);

        Assert.True(result.IsSuccess);
        Assert.Equal(Ids.ConsultantC, request.PreferredConsultantId);
        Assert.Null(request.History[^1].ReadData()["preferredConsultantId"]);
    }

    [Fact]
    public void RequestConsultantChange_WaitingForAConsultant_Allowed()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RequestConsultantChange(Ids.ConsultantB, null, Mother, Later);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.New, request.Status);
        Assert.Null(request.History[^1].ReadData()["consultantId"]);
    }

    [Fact]
    public void RequestConsultantChange_HerCurrentConsultant_AlreadyAssigned()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var before = request.History.Count;

        var result = request.RequestConsultantChange(Ids.ConsultantA, null, Mother, Later);

        Assert.Equal(ErrorCodes.AlreadyAssigned, result.Error?.Code);
        Assert.Equal(before, request.History.Count);
    }

    [Fact]
    public void RequestConsultantChange_NoteTooLong_TooLong_NothingChanges()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.RequestConsultantChange(Ids.ConsultantB, new string('a', ConsultationRequest.ChangeNoteMaxLength + 1), Mother, Later);

        Assert.Equal(ErrorCodes.TooLong, result.Error?.Code);
        Assert.Null(request.PreferredConsultantId);
    }

    [Fact]
    public void RequestConsultantChange_Closed_InvalidStatus()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.CloseForRefusal(Guid.CreateVersion7(), Later, new CenterPolicy(), out _);

        var result = request.RequestConsultantChange(Ids.ConsultantB, null, Mother, Later);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
    }
}
