using Microsoft.Extensions.Time.Testing;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R1.2: 24 hours without a recorded contact flag the request overdue, once; the warning is implied.</summary>
public class MissAdminDeadlineTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static readonly CenterPolicy Defaults = new();

    private static readonly DateTime Due = new(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void MissAdminDeadline_OneTickBeforeDue_ReturnsFalseAndChangesNothing()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(24) - OneTick);

        var missed = request.MissAdminDeadline(Now, Defaults);

        Assert.False(missed);
        Assert.Null(request.AdminOverdueAt);
        Assert.Null(request.AdminWarnedAt);
        Assert.Single(request.History);
    }

    [Fact]
    public void MissAdminDeadline_ExactlyAtDue_OverdueAtNow()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(24));

        var missed = request.MissAdminDeadline(Now, Defaults);

        Assert.True(missed);
        Assert.Equal(Due, request.AdminOverdueAt);
        Assert.Equal(RequestStatus.New, request.Status);
        Assert.True(request.IsOpen);
    }

    [Fact]
    public void MissAdminDeadline_OneTickAfterDue_OverdueAtNow()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(24) + OneTick);

        var missed = request.MissAdminDeadline(Now, Defaults);

        Assert.True(missed);
        Assert.Equal(Due + OneTick, request.AdminOverdueAt);
    }

    [Fact]
    public void MissAdminDeadline_AfterWarning_KeepsWarningTime()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(20));
        request.ReachAdminWarning(Now, Defaults);
        _clock.Advance(TimeSpan.FromHours(4));

        var missed = request.MissAdminDeadline(Now, Defaults);

        Assert.True(missed);
        Assert.Equal(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc), request.AdminWarnedAt);
        Assert.Equal(Due, request.AdminOverdueAt);
    }

    [Fact]
    public void MissAdminDeadline_WarningNeverApplied_SetsWarnedAtToo()
    {
        // Catch-up after downtime: the sweeper first runs three days after submission.
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromDays(3));

        var missed = request.MissAdminDeadline(Now, Defaults);

        Assert.True(missed);
        Assert.Equal(new DateTime(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc), request.AdminWarnedAt);
        Assert.Equal(new DateTime(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc), request.AdminOverdueAt);
        Assert.False(request.ReachAdminWarning(Now, Defaults));
    }

    [Fact]
    public void MissAdminDeadline_Missed_RecordsSystemEventWithDueAtAndDeadline()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(26));

        request.MissAdminDeadline(Now, Defaults);

        Assert.Equal(2, request.History.Count);
        var missed = request.History[^1];
        Assert.Equal(RequestEventKind.AdminDeadlineMissed, missed.Kind);
        Assert.Equal(new DateTime(2026, 3, 3, 11, 0, 0, DateTimeKind.Utc), missed.At);
        Assert.Null(missed.ActorUserId);
        Assert.Equal("system", missed.ActorRole);
        Assert.Equal("2026-03-03T09:00:00.0000000Z", missed.ReadData()["dueAt"]);
        Assert.Equal(new Dictionary<string, string> { ["AdminResponseDeadline"] = "1.00:00:00" }, missed.ReadPolicy());
    }

    [Fact]
    public void MissAdminDeadline_SecondCall_ReturnsFalseAndKeepsFirstFlag()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(24));
        request.MissAdminDeadline(Now, Defaults);
        _clock.Advance(TimeSpan.FromHours(5));

        var again = request.MissAdminDeadline(Now, Defaults);

        Assert.False(again);
        Assert.Equal(Due, request.AdminOverdueAt);
        Assert.Equal(Due, request.AdminWarnedAt);
        Assert.Equal(2, request.History.Count);
    }

    [Fact]
    public void MissAdminDeadline_ContactedInTime_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();
        _clock.Advance(TimeSpan.FromHours(25));

        var missed = request.MissAdminDeadline(Now, Defaults);

        Assert.False(missed);
        Assert.Null(request.AdminOverdueAt);
        Assert.Null(request.AdminWarnedAt);
        Assert.Equal(2, request.History.Count);
    }

    [Fact]
    public void MissAdminDeadline_AlreadyFlaggedThenContacted_KeepsOverdueFlag()
    {
        // The request stays counted as missed (R1.2: overdue requests are counted) after a late contact.
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(24));
        request.MissAdminDeadline(Now, Defaults);
        _clock.Advance(TimeSpan.FromHours(1));
        request.RecordContact(Now, ContactChannel.WhatsApp, null, Details.Admin, Now);

        var again = request.MissAdminDeadline(Now, Defaults);

        Assert.False(again);
        Assert.Equal(Due, request.AdminOverdueAt);
        Assert.Equal(AdminClockState.MetLate, request.AdminClockAt(Now));
    }

    [Fact]
    public void MissAdminDeadline_PolicyInSeconds_DueFromPolicyNotDefaults()
    {
        var policy = new CenterPolicy { AdminResponseWarning = TimeSpan.FromSeconds(20), AdminResponseDeadline = TimeSpan.FromSeconds(30) };
        var request = RequestBuilder.Submitted().WithPolicy(policy).Build();

        _clock.Advance(TimeSpan.FromSeconds(30) - OneTick);
        Assert.False(request.MissAdminDeadline(Now, policy));

        _clock.Advance(OneTick);
        Assert.True(request.MissAdminDeadline(Now, policy));
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 30, DateTimeKind.Utc), request.AdminOverdueAt);
        Assert.Equal(new Dictionary<string, string> { ["AdminResponseDeadline"] = "00:00:30" }, request.History[^1].ReadPolicy());
    }
}
