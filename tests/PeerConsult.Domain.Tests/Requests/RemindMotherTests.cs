using Microsoft.Extensions.Time.Testing;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R2.1: 24 hours after the consultant's contact was sent, a mother not yet in touch gets exactly one reminder.</summary>
public class RemindMotherTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static readonly CenterPolicy Defaults = new();

    private static readonly DateTime Due = new(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc);

    // Starts when the consultant's contact is sent (Times.ContactSent).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void RemindMother_OneTickBeforeDue_ReturnsFalseAndChangesNothing()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(24) - OneTick);

        var reminded = request.RemindMother(Now, Defaults);

        Assert.False(reminded);
        Assert.Null(request.MotherRemindedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void RemindMother_ExactlyAtDue_RemindedAtNow()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(24));

        var reminded = request.RemindMother(Now, Defaults);

        Assert.True(reminded);
        Assert.Equal(Due, request.MotherRemindedAt);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
    }

    [Fact]
    public void RemindMother_OneTickAfterDue_RemindedAtNow()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(24) + OneTick);

        var reminded = request.RemindMother(Now, Defaults);

        Assert.True(reminded);
        Assert.Equal(Due + OneTick, request.MotherRemindedAt);
    }

    [Fact]
    public void RemindMother_Reminded_RecordsSystemEventWithDueAtConsultantAndDeadline()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(25));

        request.RemindMother(Now, Defaults);

        Assert.Equal(historyBefore + 1, request.History.Count);
        var reminder = request.History[^1];
        Assert.Equal(RequestEventKind.MotherReminded, reminder.Kind);
        Assert.Equal(new DateTime(2026, 3, 3, 18, 0, 0, DateTimeKind.Utc), reminder.At);
        Assert.Null(reminder.ActorUserId);
        Assert.Equal("system", reminder.ActorRole);
        var data = reminder.ReadData();
        Assert.Equal("2026-03-03T17:00:00.0000000Z", data["dueAt"]);
        Assert.Equal(Ids.ConsultantA.ToString(), data["consultantId"]);
        Assert.Equal(new Dictionary<string, string> { ["MotherContactDeadline"] = "1.00:00:00" }, reminder.ReadPolicy());
    }

    [Fact]
    public void RemindMother_SecondCall_ReturnsFalseAndKeepsFirstReminder()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(24));
        request.RemindMother(Now, Defaults);
        var historyAfterFirst = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(1));

        var again = request.RemindMother(Now, Defaults);

        Assert.False(again);
        Assert.Equal(Due, request.MotherRemindedAt);
        Assert.Equal(historyAfterFirst, request.History.Count);
    }

    [Fact]
    public void RemindMother_AssignedButContactNotSent_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromDays(3));

        var reminded = request.RemindMother(Now, Defaults);

        Assert.False(reminded);
        Assert.Null(request.MotherRemindedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void RemindMother_NewRequest_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromDays(3));

        Assert.False(request.RemindMother(Now, Defaults));
        Assert.Null(request.MotherRemindedAt);
    }

    [Fact]
    public void RemindMother_MotherAlreadyInTouch_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.MarkMotherContacted(new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc), Details.Admin, new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc), Defaults);
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(24));

        var reminded = request.RemindMother(Now, Defaults);

        Assert.False(reminded);
        Assert.Null(request.MotherRemindedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void RemindMother_RequestClosedForNoContact_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(48));
        request.CloseForNoContact(Now, Defaults);
        var historyBefore = request.History.Count;

        var reminded = request.RemindMother(Now, Defaults);

        Assert.False(reminded);
        Assert.Null(request.MotherRemindedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void RemindMother_AfterReassignmentAndNewSending_RemindsAgainOnTheNewClock()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(24));
        request.RemindMother(Now, Defaults);
        var reassignedAt = new DateTime(2026, 3, 3, 20, 0, 0, DateTimeKind.Utc);
        request.Assign(Ids.ConsultantB, "Не нашли общего времени", Details.Admin, reassignedAt);
        request.MarkConsultantContactSent(reassignedAt, Details.Admin, reassignedAt, Defaults);

        Assert.False(request.RemindMother(new DateTime(2026, 3, 4, 20, 0, 0, DateTimeKind.Utc) - OneTick, Defaults));
        Assert.True(request.RemindMother(new DateTime(2026, 3, 4, 20, 0, 0, DateTimeKind.Utc), Defaults));

        Assert.Equal(new DateTime(2026, 3, 4, 20, 0, 0, DateTimeKind.Utc), request.MotherRemindedAt);
        Assert.Equal(Ids.ConsultantB.ToString(), request.History[^1].ReadData()["consultantId"]);
        Assert.Equal(2, request.History.Count(e => e.Kind == RequestEventKind.MotherReminded));
    }

    [Fact]
    public void RemindMother_PolicyInSeconds_DueFromPolicyNotDefaults()
    {
        var policy = new CenterPolicy { MotherContactDeadline = TimeSpan.FromSeconds(10), MotherContactCloseAfter = TimeSpan.FromSeconds(20) };
        var request = RequestBuilder.Submitted().WithPolicy(policy).ContactSent().Build();

        _clock.Advance(TimeSpan.FromSeconds(10) - OneTick);
        Assert.False(request.RemindMother(Now, policy));

        _clock.Advance(OneTick);
        Assert.True(request.RemindMother(Now, policy));
        Assert.Equal(new DateTime(2026, 3, 2, 17, 0, 10, DateTimeKind.Utc), request.MotherRemindedAt);
        Assert.Equal(new Dictionary<string, string> { ["MotherContactDeadline"] = "00:00:10" }, request.History[^1].ReadPolicy());
    }

    [Fact]
    public void RemindMother_AtCloseTimeWithoutReminder_ReturnsFalseBecauseTheRequestClosesInstead()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var closeAt = request.AutoCloseAt!.Value;

        Assert.False(request.RemindMother(closeAt, Defaults));
        Assert.Null(request.MotherRemindedAt);
    }
}
