using Microsoft.Extensions.Time.Testing;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R2.2: 48 hours after the consultant's contact was sent, without contact, the request closes for no contact.</summary>
public class CloseForNoContactTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static readonly CenterPolicy Defaults = new();

    private static readonly DateTime CloseAt = new(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc);

    // Starts when the consultant's contact is sent (Times.ContactSent).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void CloseForNoContact_OneTickBeforeCloseAt_ReturnsFalseAndStaysOpen()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(48) - OneTick);

        var closed = request.CloseForNoContact(Now, Defaults);

        Assert.False(closed);
        Assert.Equal(RequestStatus.AwaitingMotherContact, request.Status);
        Assert.True(request.IsOpen);
        Assert.Null(request.ClosedAt);
        Assert.Null(request.ClosedReason);
        Assert.True(Assert.Single(request.Assignments).IsCurrent);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void CloseForNoContact_ExactlyAtCloseAt_ClosedForNoContact()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(48));

        var closed = request.CloseForNoContact(Now, Defaults);

        Assert.True(closed);
        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.False(request.IsOpen);
        Assert.Equal(ClosedReason.NoContact, request.ClosedReason);
        Assert.Equal(CloseAt, request.ClosedAt);
    }

    [Fact]
    public void CloseForNoContact_OneTickAfterCloseAt_ClosedAtNow()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(48) + OneTick);

        var closed = request.CloseForNoContact(Now, Defaults);

        Assert.True(closed);
        Assert.Equal(CloseAt + OneTick, request.ClosedAt);
    }

    [Fact]
    public void CloseForNoContact_Closed_EndsTheCurrentAssignmentNow()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(50));

        request.CloseForNoContact(Now, Defaults);

        var assignment = Assert.Single(request.Assignments);
        Assert.Equal(Ids.ConsultantA, assignment.ConsultantId);
        Assert.Equal(new DateTime(2026, 3, 4, 19, 0, 0, DateTimeKind.Utc), assignment.EndedAt);
        Assert.False(assignment.IsCurrent);
    }

    [Fact]
    public void CloseForNoContact_AfterReassignment_EndsOnlyTheCurrentAssignment()
    {
        var request = RequestBuilder.Submitted().Assigned(Ids.ConsultantA).Build();
        var reassignedAt = new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc);
        request.Assign(Ids.ConsultantB, null, Details.Admin, reassignedAt);
        request.MarkConsultantContactSent(reassignedAt, Details.Admin, reassignedAt, Defaults);

        Assert.False(request.CloseForNoContact(new DateTime(2026, 3, 5, 10, 0, 0, DateTimeKind.Utc) - OneTick, Defaults));
        Assert.True(request.CloseForNoContact(new DateTime(2026, 3, 5, 10, 0, 0, DateTimeKind.Utc), Defaults));

        Assert.Equal(
            new DateTime?[] { reassignedAt, new DateTime(2026, 3, 5, 10, 0, 0, DateTimeKind.Utc) },
            request.Assignments.Select(a => a.EndedAt));
    }

    [Fact]
    public void CloseForNoContact_Closed_RecordsSystemEventWithReasonAndPolicy()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(49));

        request.CloseForNoContact(Now, Defaults);

        Assert.Equal(historyBefore + 1, request.History.Count);
        var closed = request.History[^1];
        Assert.Equal(RequestEventKind.Closed, closed.Kind);
        Assert.Equal(new DateTime(2026, 3, 4, 18, 0, 0, DateTimeKind.Utc), closed.At);
        Assert.Null(closed.ActorUserId);
        Assert.Equal("system", closed.ActorRole);
        var data = closed.ReadData();
        Assert.Equal("no-contact", data["reason"]);
        Assert.Equal("2026-03-02T17:00:00.0000000Z", data["consultantContactSentAt"]);
        Assert.Equal("2026-03-04T17:00:00.0000000Z", data["autoCloseAt"]);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MotherContactDeadline"] = "1.00:00:00",
                ["MotherContactCloseAfter"] = "2.00:00:00",
            },
            closed.ReadPolicy());
    }

    [Fact]
    public void CloseForNoContact_SecondCall_ReturnsFalseAndChangesNothing()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(48));
        request.CloseForNoContact(Now, Defaults);
        var historyAfterFirst = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(3));

        var again = request.CloseForNoContact(Now, Defaults);

        Assert.False(again);
        Assert.Equal(CloseAt, request.ClosedAt);
        Assert.Equal(CloseAt, Assert.Single(request.Assignments).EndedAt);
        Assert.Equal(historyAfterFirst, request.History.Count);
    }

    [Fact]
    public void CloseForNoContact_AfterReminder_ClosesAndKeepsReminder()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromHours(24));
        request.RemindMother(Now, Defaults);
        _clock.Advance(TimeSpan.FromHours(24));

        var closed = request.CloseForNoContact(Now, Defaults);

        Assert.True(closed);
        Assert.Equal(new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc), request.MotherRemindedAt);
        Assert.Equal(CloseAt, request.ClosedAt);
    }

    [Fact]
    public void CloseForNoContact_MotherContactedInTime_ReturnsFalse()
    {
        // R2.3: her contact stops the clock; the 48 hours no longer apply.
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var inTouch = new DateTime(2026, 3, 3, 12, 0, 0, DateTimeKind.Utc);
        request.MarkMotherContacted(inTouch, Details.Admin, inTouch, Defaults);
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromDays(5));

        var closed = request.CloseForNoContact(Now, Defaults);

        Assert.False(closed);
        Assert.Equal(RequestStatus.InTouch, request.Status);
        Assert.Null(request.ClosedAt);
        Assert.Null(request.ClosedReason);
        Assert.True(Assert.Single(request.Assignments).IsCurrent);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void CloseForNoContact_AssignedButContactNotSent_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Assigned().Build();
        _clock.Advance(TimeSpan.FromDays(5));

        var closed = request.CloseForNoContact(Now, Defaults);

        Assert.False(closed);
        Assert.Equal(RequestStatus.Assigned, request.Status);
        Assert.Null(request.ClosedAt);
    }

    [Fact]
    public void CloseForNoContact_NewRequest_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromDays(5));

        Assert.False(request.CloseForNoContact(Now, Defaults));
        Assert.Equal(RequestStatus.New, request.Status);
    }

    [Fact]
    public void CloseForNoContact_PolicyInSeconds_ClosesFromPolicyNotDefaults()
    {
        var policy = new CenterPolicy { MotherContactDeadline = TimeSpan.FromSeconds(10), MotherContactCloseAfter = TimeSpan.FromSeconds(20) };
        var request = RequestBuilder.Submitted().WithPolicy(policy).ContactSent().Build();

        _clock.Advance(TimeSpan.FromSeconds(20) - OneTick);
        Assert.False(request.CloseForNoContact(Now, policy));

        _clock.Advance(OneTick);
        Assert.True(request.CloseForNoContact(Now, policy));
        Assert.Equal(new DateTime(2026, 3, 2, 17, 0, 20, DateTimeKind.Utc), request.ClosedAt);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MotherContactDeadline"] = "00:00:10",
                ["MotherContactCloseAfter"] = "00:00:20",
            },
            request.History[^1].ReadPolicy());
    }
}
