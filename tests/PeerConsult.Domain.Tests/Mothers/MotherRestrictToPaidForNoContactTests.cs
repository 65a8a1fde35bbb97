using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

/// <summary>R2.2, R6: her request closed for no contact; only paid services remain, recorded as a system decision with evidence.</summary>
public class MotherRestrictToPaidForNoContactTests
{
    private static readonly Guid RequestId = Guid.Parse("0195a0c0-0000-7000-8000-0000000000e1");

    private static readonly DateTime ClosedAt = new(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Now = new(2026, 3, 4, 17, 0, 5, DateTimeKind.Utc);

    [Fact]
    public void RestrictToPaidForNoContact_Eligible_PaidOnly()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        var restricted = mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now);

        Assert.True(restricted);
        Assert.Equal(Eligibility.PaidOnly, mother.Eligibility);
        Assert.False(mother.MayRequestFreeHelp);
        Assert.Equal(Now, mother.UpdatedAt);
    }

    [Fact]
    public void RestrictToPaidForNoContact_Eligible_RecordsOneSystemDecisionUnderR22()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now);

        var decision = Assert.Single(mother.Decisions);
        Assert.Equal(mother.Id, decision.MotherId);
        Assert.Equal(Now, decision.At);
        Assert.Equal("R2.2", decision.Rule);
        Assert.Equal(Eligibility.Eligible, decision.From);
        Assert.Equal(Eligibility.PaidOnly, decision.To);
        Assert.Null(decision.DecidedBy);
        Assert.Equal("system", decision.DecidedByRole);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public void RestrictToPaidForNoContact_Eligible_EvidenceNamesTheClosedRequest()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["requestId"] = "0195a0c0-0000-7000-8000-0000000000e1",
                ["requestNumber"] = "K7M-42Q",
                ["closedAt"] = "2026-03-04T17:00:00.0000000Z",
                ["closedReason"] = "no-contact",
            },
            Assert.Single(mother.Decisions).ReadEvidence());
    }

    [Fact]
    public void RestrictToPaidForNoContact_Eligible_DecisionRecordsDefaultPolicyValues()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MotherContactDeadline"] = "1.00:00:00",
                ["MotherContactCloseAfter"] = "2.00:00:00",
            },
            Assert.Single(mother.Decisions).ReadPolicy());
    }

    [Fact]
    public void RestrictToPaidForNoContact_CustomPolicy_DecisionRecordsPolicyApplied()
    {
        var policy = new CenterPolicy { MotherContactDeadline = TimeSpan.FromSeconds(10), MotherContactCloseAfter = TimeSpan.FromSeconds(20) };
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, policy, Now);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MotherContactDeadline"] = "00:00:10",
                ["MotherContactCloseAfter"] = "00:00:20",
            },
            Assert.Single(mother.Decisions).ReadPolicy());
    }

    [Fact]
    public void RestrictToPaidForNoContact_SecondCall_ReturnsFalseWithoutNewDecision()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now);

        var again = mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now.AddMinutes(1));

        Assert.False(again);
        Assert.Equal(Eligibility.PaidOnly, mother.Eligibility);
        Assert.Single(mother.Decisions);
        Assert.Equal(Now, mother.UpdatedAt);
    }

    [Fact]
    public void RestrictToPaidForNoContact_AfterReinstatement_RestrictsAgainWithNewDecision()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), Now);
        mother.Reinstate(Details.Admin, "Мама была в больнице", new DateTime(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc));
        var secondRequest = Guid.Parse("0195a0c0-0000-7000-8000-0000000000e2");
        var secondClose = new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc);

        var restricted = mother.RestrictToPaidForNoContact(secondRequest, "P3X-17B", secondClose, new CenterPolicy(), secondClose);

        Assert.True(restricted);
        Assert.Equal(Eligibility.PaidOnly, mother.Eligibility);
        Assert.Equal(["R2.2", "R5.3", "R2.2"], mother.Decisions.Select(d => d.Rule));
        Assert.Equal("P3X-17B", mother.Decisions[^1].ReadEvidence()["requestNumber"]);
    }

    [Fact]
    public void RestrictToPaidForNoContact_NonUtcNow_Throws()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        var thrown = Assert.Throws<ArgumentException>(() =>
            mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), new DateTime(2026, 3, 4, 20, 0, 0, DateTimeKind.Local)));

        Assert.Equal("now", thrown.ParamName);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.Empty(mother.Decisions);
    }
}
