using Microsoft.Extensions.Time.Testing;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R1.2 as the queue shows it: warning from 20h, overdue from 24h, stopped by the first recorded contact.</summary>
public class AdminClockAtTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void AdminClockAt_AtSubmission_Running()
    {
        var request = RequestBuilder.Submitted().Build();

        Assert.Equal(AdminClockState.Running, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_OneTickBeforeWarning_Running()
    {
        var request = RequestBuilder.Submitted().Build();

        _clock.Advance(TimeSpan.FromHours(20) - OneTick);

        Assert.Equal(AdminClockState.Running, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ExactlyAtWarning_Warning()
    {
        var request = RequestBuilder.Submitted().Build();

        _clock.Advance(TimeSpan.FromHours(20));

        Assert.Equal(AdminClockState.Warning, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_OneTickBeforeDue_Warning()
    {
        var request = RequestBuilder.Submitted().Build();

        _clock.Advance(TimeSpan.FromHours(24) - OneTick);

        Assert.Equal(AdminClockState.Warning, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ExactlyAtDue_Overdue()
    {
        var request = RequestBuilder.Submitted().Build();

        _clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(AdminClockState.Overdue, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ThreeDaysAfterSubmission_Overdue()
    {
        var request = RequestBuilder.Submitted().Build();

        _clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(AdminClockState.Overdue, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_CustomPolicy_WarnsAndIsOverdueByPolicy()
    {
        var policy = new CenterPolicy { AdminResponseWarning = TimeSpan.FromHours(2), AdminResponseDeadline = TimeSpan.FromHours(3) };
        var request = RequestBuilder.Submitted().WithPolicy(policy).Build();

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(AdminClockState.Warning, request.AdminClockAt(Now));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(AdminClockState.Overdue, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ContactedBeforeDue_MetEvenAfterDue()
    {
        var request = RequestBuilder.Submitted().Contacted(new DateTime(2026, 3, 3, 8, 59, 0, DateTimeKind.Utc)).Build();

        _clock.Advance(TimeSpan.FromDays(5));

        Assert.Equal(AdminClockState.Met, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ContactedExactlyAtDue_Met()
    {
        var request = RequestBuilder.Submitted().Contacted(new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc)).Build();

        _clock.Advance(TimeSpan.FromHours(30));

        Assert.Equal(AdminClockState.Met, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ContactedOneTickAfterDue_MetLate()
    {
        var request = RequestBuilder.Submitted().Contacted(new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc) + OneTick).Build();

        _clock.Advance(TimeSpan.FromHours(30));

        Assert.Equal(AdminClockState.MetLate, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_AssignedAfterTimelyContact_StaysMet()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        _clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(AdminClockState.Met, request.AdminClockAt(Now));
    }

    [Fact]
    public void AdminClockAt_ClosedForNoContact_StaysMet()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        _clock.Advance(TimeSpan.FromDays(3));
        request.CloseForNoContact(Now, new CenterPolicy());

        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.Equal(AdminClockState.Met, request.AdminClockAt(Now));
    }

    // The only public close (CloseForNoContact) needs a recorded contact first, so the Closed-without-contact case
    // goes through the projection rule the queue uses.
    [Fact]
    public void AdminClock_ClosedWithoutContact_Stopped()
    {
        var state = ConsultationRequest.AdminClock(
            RequestStatus.Closed,
            contactedAt: null,
            warningAt: new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc),
            dueAt: new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc),
            now: new DateTime(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc));

        Assert.Equal(AdminClockState.Stopped, state);
    }

    [Fact]
    public void AdminClock_ClosedAfterLateContact_MetLate()
    {
        var state = ConsultationRequest.AdminClock(
            RequestStatus.Closed,
            contactedAt: new DateTime(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc),
            warningAt: new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc),
            dueAt: new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc),
            now: new DateTime(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc));

        Assert.Equal(AdminClockState.MetLate, state);
    }
}
