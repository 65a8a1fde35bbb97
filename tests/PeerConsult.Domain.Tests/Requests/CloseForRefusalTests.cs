using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

/// <summary>R5.2: when her free service is refused, her open request closes, whatever stage it was at.</summary>
public class CloseForRefusalTests
{
    private static readonly CenterPolicy Defaults = new();

    private static readonly DateTime Now = new(2026, 3, 10, 8, 0, 0, DateTimeKind.Utc);

    private static readonly Guid Decision = Guid.Parse("0190a000-0000-7000-8000-0000000000d5");

    [Fact]
    public void CloseForRefusal_WithConsultant_ClosedAndHerPlaceReleased()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();

        var closed = request.CloseForRefusal(Decision, Now, Defaults, out var released);

        Assert.True(closed);
        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.Equal(ClosedReason.PeerServiceRefused, request.ClosedReason);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Equal(Ids.ConsultantA, released);
        Assert.False(Assert.Single(request.Assignments).IsCurrent);
        var closing = request.History[^1];
        Assert.Equal(RequestEventKind.Closed, closing.Kind);
        Assert.Equal("peer-service-refused", closing.ReadData()["reason"]);
        Assert.Equal(Decision.ToString(), closing.ReadData()["decisionId"]);
    }

    [Fact]
    public void CloseForRefusal_BeforeAnyConsultant_ClosedNothingReleased()
    {
        var request = RequestBuilder.Submitted().Build();

        Assert.True(request.CloseForRefusal(Decision, Now, Defaults, out var released));

        Assert.Null(released);
        Assert.Equal(ClosedReason.PeerServiceRefused, request.ClosedReason);
    }

    [Fact]
    public void CloseForRefusal_AlreadyClosed_FalseAndUnchanged()
    {
        var request = RequestBuilder.Submitted().ContactSent().Build();
        request.CloseForRefusal(Decision, Now, Defaults, out _);
        var history = request.History.Count;

        Assert.False(request.CloseForRefusal(Decision, Now.AddHours(1), Defaults, out var released));

        Assert.Null(released);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Equal(history, request.History.Count);
    }
}
