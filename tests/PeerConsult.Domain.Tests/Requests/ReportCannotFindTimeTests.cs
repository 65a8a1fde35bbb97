using PeerConsult.Domain.Common;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R8.3: the consultant tells the administrator that she and the mother cannot find a time; the history keeps it.</summary>
public class ReportCannotFindTimeTests
{
    private static readonly DateTime Later = new(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc);

    private static Actor Consultant => Actor.Consultant(Ids.ConsultantA);

    [Fact]
    public void ReportCannotFindTime_AwaitingContact_HistoryLineWithConsultantAndNote_StatusUnchanged()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.ReportCannotFindTime("  только по вечерам  ", Consultant, Later);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        var line = request.History[^1];
        Assert.Equal(RequestEventKind.CannotFindTime, line.Kind);
        Assert.Equal(Later, line.At);
        Assert.Equal("consultant", line.ActorRole);
        Assert.Equal(Ids.ConsultantA.ToString(), line.ReadData()["consultantId"]);
        Assert.Equal("только по вечерам", line.ReadData()["note"]);
    }

    [Fact]
    public void ReportCannotFindTime_NotYetAssigned_InvalidStatus()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();
        var before = request.History.Count;

        var result = request.ReportCannotFindTime(null, Consultant, Later);

        Assert.Equal(ErrorCodes.InvalidStatus, result.Error?.Code);
        Assert.Equal(before, request.History.Count);
    }

    [Fact]
    public void ReportCannotFindTime_NoteTooLong_TooLong()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var result = request.ReportCannotFindTime(new string('a', ConsultationRequest.CannotFindTimeNoteMaxLength + 1), Consultant, Later);

        Assert.Equal(ErrorCodes.TooLong, result.Error?.Code);
    }
}
