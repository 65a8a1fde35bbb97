using PeerConsult.Domain.Common;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R1.2: "contacted" means the administrator recorded a contact — time, channel, what was agreed.</summary>
public class RecordContactTests
{
    private static readonly DateTime Noon = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void RecordContact_NewRequest_ContactedAndClockStopped()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RecordContact(Noon, ContactChannel.WhatsApp, "Договорились", Details.Admin, Noon.AddMinutes(5));

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.Contacted, request.Status);
        Assert.Equal(Noon, request.ContactedAt);
        var contact = Assert.Single(request.Contacts);
        Assert.Equal(Noon, contact.At);
        Assert.Equal(ContactChannel.WhatsApp, contact.Channel);
        Assert.Equal("Договорились", contact.Note);
        Assert.Equal(Ids.Admin, contact.RecordedBy);
        Assert.Equal(Noon.AddMinutes(5), contact.RecordedAt);
        Assert.Equal(request.Id, contact.RequestId);
    }

    [Fact]
    public void RecordContact_AtEqualsNow_Succeeds()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RecordContact(Noon, ContactChannel.Phone, null, Details.Admin, Noon);

        Assert.True(result.IsSuccess);
        Assert.Equal(Noon, request.ContactedAt);
    }

    [Fact]
    public void RecordContact_AtOneTickInTheFuture_ReturnsInTheFuture()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RecordContact(Noon.AddTicks(1), ContactChannel.WhatsApp, null, Details.Admin, Noon);

        Assert.Equal(ErrorCodes.InTheFuture, result.Error?.Code);
        Assert.Equal(RequestStatus.New, request.Status);
        Assert.Null(request.ContactedAt);
        Assert.Empty(request.Contacts);
        Assert.Single(request.History);
    }

    [Fact]
    public void RecordContact_AtBeforeSubmission_ReturnsBeforeSubmissionWithSubmittedAt()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RecordContact(Times.Submitted.AddTicks(-1), ContactChannel.WhatsApp, null, Details.Admin, Noon);

        Assert.Equal(ErrorCodes.BeforeSubmission, result.Error?.Code);
        Assert.Equal("2026-03-02T09:00:00.0000000Z", result.Error!.Arg("submittedAt"));
        Assert.Equal(RequestStatus.New, request.Status);
        Assert.Empty(request.Contacts);
    }

    [Fact]
    public void RecordContact_AtExactlySubmission_Succeeds()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RecordContact(Times.Submitted, ContactChannel.WhatsApp, null, Details.Admin, Noon);

        Assert.True(result.IsSuccess);
        Assert.Equal(Times.Submitted, request.ContactedAt);
    }

    [Fact]
    public void RecordContact_UndefinedChannel_ReturnsInvalidChannel()
    {
        var request = RequestBuilder.Submitted().Build();

        var result = request.RecordContact(Noon, (ContactChannel)99, null, Details.Admin, Noon);

        Assert.Equal(ErrorCodes.InvalidChannel, result.Error?.Code);
        Assert.Empty(request.Contacts);
    }

    [Fact]
    public void RecordContact_SecondLaterContact_KeepsEarliestContactedAtAndAddsContact()
    {
        var request = RequestBuilder.Submitted().Contacted(Noon).Build();
        var later = new DateTime(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc);

        var result = request.RecordContact(later, ContactChannel.Telegram, "Уточнили время", Details.Admin, later);

        Assert.True(result.IsSuccess);
        Assert.Equal(Noon, request.ContactedAt);
        Assert.Equal(new[] { Noon, later }, request.Contacts.Select(c => c.At));
        Assert.Equal(RequestStatus.Contacted, request.Status);
    }

    [Fact]
    public void RecordContact_EarlierContactEnteredLate_MovesContactedAtBackAndClockIsMet()
    {
        var lateCall = new DateTime(2026, 3, 3, 12, 0, 0, DateTimeKind.Utc);
        var request = RequestBuilder.Submitted().Contacted(lateCall).Build();
        Assert.Equal(AdminClockState.MetLate, request.AdminClockAt(lateCall));

        var result = request.RecordContact(Noon, ContactChannel.Phone, "Звонок вчера, забыли записать", Details.Admin, lateCall.AddHours(1));

        Assert.True(result.IsSuccess);
        Assert.Equal(Noon, request.ContactedAt);
        Assert.Equal(AdminClockState.Met, request.AdminClockAt(lateCall.AddHours(1)));
    }

    [Fact]
    public void RecordContact_BeforeDue_HistoryRecordsChannelNoteAndOnTime()
    {
        var request = RequestBuilder.Submitted().Build();

        request.RecordContact(Noon, ContactChannel.Telegram, "Договорились о консультанте", Details.Admin, Noon.AddHours(1));

        var recorded = request.History[^1];
        Assert.Equal(RequestEventKind.ContactRecorded, recorded.Kind);
        Assert.Equal(Noon.AddHours(1), recorded.At);
        Assert.Equal(Ids.Admin, recorded.ActorUserId);
        Assert.Equal("administrator", recorded.ActorRole);
        var data = recorded.ReadData();
        Assert.Equal("2026-03-02T12:00:00.0000000Z", data["at"]);
        Assert.Equal("Telegram", data["channel"]);
        Assert.Equal("Договорились о консультанте", data["note"]);
        Assert.Equal("True", data["onTime"]);
    }

    [Fact]
    public void RecordContact_AfterDue_HistoryRecordsNotOnTime()
    {
        var request = RequestBuilder.Submitted().Build();
        var late = new DateTime(2026, 3, 3, 9, 0, 1, DateTimeKind.Utc);

        request.RecordContact(late, ContactChannel.WhatsApp, null, Details.Admin, late);

        Assert.Equal("False", request.History[^1].ReadData()["onTime"]);
    }

    [Fact]
    public void RecordContact_NoteWithSurroundingSpaces_StoredTrimmed()
    {
        var request = RequestBuilder.Submitted().Build();

        request.RecordContact(Noon, ContactChannel.WhatsApp, "  Перезвонить вечером \n", Details.Admin, Noon);

        Assert.Equal("Перезвонить вечером", Assert.Single(request.Contacts).Note);
        Assert.Equal("Перезвонить вечером", request.History[^1].ReadData()["note"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RecordContact_BlankNote_StoredAsNull(string? note)
    {
        var request = RequestBuilder.Submitted().Build();

        request.RecordContact(Noon, ContactChannel.WhatsApp, note, Details.Admin, Noon);

        Assert.Null(Assert.Single(request.Contacts).Note);
        Assert.Null(request.History[^1].ReadData()["note"]);
    }

    [Fact]
    public void RecordContact_AfterAssignment_KeepsStatusAssigned()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();
        var later = new DateTime(2026, 3, 2, 18, 0, 0, DateTimeKind.Utc);

        var result = request.RecordContact(later, ContactChannel.WhatsApp, "Напомнили", Details.Admin, later);

        Assert.True(result.IsSuccess);
        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Equal(Times.Contacted, request.ContactedAt);
        Assert.Equal(2, request.Contacts.Count);
    }

    [Fact]
    public void RecordContact_NonUtcAt_Throws()
    {
        var request = RequestBuilder.Submitted().Build();

        var thrown = Assert.Throws<ArgumentException>(() =>
            request.RecordContact(new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Local), ContactChannel.WhatsApp, null, Details.Admin, Noon));

        Assert.Equal("at", thrown.ParamName);
    }
}
