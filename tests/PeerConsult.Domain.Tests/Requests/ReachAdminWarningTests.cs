using Microsoft.Extensions.Time.Testing;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R1.2: the sweeper notices the 20-hour warning once, while the administrator has not recorded a contact.</summary>
public class ReachAdminWarningTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static readonly CenterPolicy Defaults = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void ReachAdminWarning_OneTickBeforeWarning_ReturnsFalseAndChangesNothing()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(20) - OneTick);

        var reached = request.ReachAdminWarning(Now, Defaults);

        Assert.False(reached);
        Assert.Null(request.AdminWarnedAt);
        Assert.Single(request.History);
    }

    [Fact]
    public void ReachAdminWarning_ExactlyAtWarning_WarnedAtNow()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(20));

        var reached = request.ReachAdminWarning(Now, Defaults);

        Assert.True(reached);
        Assert.Equal(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc), request.AdminWarnedAt);
        Assert.Null(request.AdminOverdueAt);
        Assert.Equal(RequestStatus.New, request.Status);
    }

    [Fact]
    public void ReachAdminWarning_OneTickAfterWarning_WarnedAtNow()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(20) + OneTick);

        var reached = request.ReachAdminWarning(Now, Defaults);

        Assert.True(reached);
        Assert.Equal(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc) + OneTick, request.AdminWarnedAt);
    }

    [Fact]
    public void ReachAdminWarning_Reached_RecordsSystemEventWithDueAtAndPolicy()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(21));

        request.ReachAdminWarning(Now, Defaults);

        Assert.Equal(2, request.History.Count);
        var warned = request.History[^1];
        Assert.Equal(RequestEventKind.AdminWarningReached, warned.Kind);
        Assert.Equal(new DateTime(2026, 3, 3, 6, 0, 0, DateTimeKind.Utc), warned.At);
        Assert.Null(warned.ActorUserId);
        Assert.Equal("system", warned.ActorRole);
        Assert.Equal("2026-03-03T09:00:00.0000000Z", warned.ReadData()["dueAt"]);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AdminResponseWarning"] = "20:00:00",
                ["AdminResponseDeadline"] = "1.00:00:00",
            },
            warned.ReadPolicy());
    }

    [Fact]
    public void ReachAdminWarning_SecondCall_ReturnsFalseAndKeepsFirstWarning()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(20));
        request.ReachAdminWarning(Now, Defaults);
        _clock.Advance(TimeSpan.FromHours(1));

        var again = request.ReachAdminWarning(Now, Defaults);

        Assert.False(again);
        Assert.Equal(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc), request.AdminWarnedAt);
        Assert.Equal(2, request.History.Count);
    }

    [Fact]
    public void ReachAdminWarning_AfterDeadlineAlreadyMissed_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Build();
        _clock.Advance(TimeSpan.FromHours(25));
        request.MissAdminDeadline(Now, Defaults);

        var reached = request.ReachAdminWarning(Now, Defaults);

        Assert.False(reached);
        Assert.Equal(2, request.History.Count);
        Assert.DoesNotContain(request.History, e => e.Kind == RequestEventKind.AdminWarningReached);
    }

    [Fact]
    public void ReachAdminWarning_ContactedRequest_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().Contacted().Build();
        _clock.Advance(TimeSpan.FromHours(21));

        var reached = request.ReachAdminWarning(Now, Defaults);

        Assert.False(reached);
        Assert.Null(request.AdminWarnedAt);
        Assert.Equal(2, request.History.Count);
    }

    [Fact]
    public void ReachAdminWarning_AwaitingMotherContact_ReturnsFalse()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        var historyBefore = request.History.Count;
        _clock.Advance(TimeSpan.FromHours(21));

        var reached = request.ReachAdminWarning(Now, Defaults);

        Assert.False(reached);
        Assert.Null(request.AdminWarnedAt);
        Assert.Equal(historyBefore, request.History.Count);
    }

    [Fact]
    public void ReachAdminWarning_PolicyInSeconds_WarnsFromPolicyNotDefaults()
    {
        var policy = new CenterPolicy { AdminResponseWarning = TimeSpan.FromSeconds(20), AdminResponseDeadline = TimeSpan.FromSeconds(30) };
        var request = RequestBuilder.Submitted().WithPolicy(policy).Build();

        _clock.Advance(TimeSpan.FromSeconds(20) - OneTick);
        Assert.False(request.ReachAdminWarning(Now, policy));

        _clock.Advance(OneTick);
        Assert.True(request.ReachAdminWarning(Now, policy));
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 20, DateTimeKind.Utc), request.AdminWarnedAt);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AdminResponseWarning"] = "00:00:20",
                ["AdminResponseDeadline"] = "00:00:30",
            },
            request.History[^1].ReadPolicy());
    }

    [Fact]
    public void ReachAdminWarning_NonUtcNow_Throws()
    {
        var request = RequestBuilder.Submitted().Build();

        var thrown = Assert.Throws<ArgumentException>(() =>
            request.ReachAdminWarning(new DateTime(2026, 3, 3, 6, 0, 0, DateTimeKind.Local), Defaults));

        Assert.Equal("now", thrown.ParamName);
    }
}
