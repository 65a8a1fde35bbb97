using PeerConsult.Domain.Common;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

/// <summary>R5.3, R6: only an administrator reinstates a restricted mother, always with a written reason; the decision is audited.</summary>
public class MotherReinstateTests
{
    private static readonly Guid RequestId = Guid.Parse("0195a0c0-0000-7000-8000-0000000000e1");

    private static readonly DateTime ClosedAt = new(2026, 3, 4, 17, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Now = new(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc);

    private static Mother PaidOnlyMother()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        mother.RestrictToPaidForNoContact(RequestId, "K7M-42Q", ClosedAt, new CenterPolicy(), ClosedAt);
        return mother;
    }

    [Fact]
    public void Reinstate_PaidOnly_EligibleAgain()
    {
        var mother = PaidOnlyMother();

        var result = mother.Reinstate(Details.Admin, "Мама была в больнице", Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.True(mother.MayRequestFreeHelp);
        Assert.Equal(Now, mother.UpdatedAt);
    }

    [Fact]
    public void Reinstate_PaidOnly_RecordsAdministratorDecisionUnderR53WithTrimmedReason()
    {
        var mother = PaidOnlyMother();

        mother.Reinstate(Details.Admin, "  Мама была в больнице  ", Now);

        Assert.Equal(2, mother.Decisions.Count);
        var decision = mother.Decisions[^1];
        Assert.Equal(mother.Id, decision.MotherId);
        Assert.Equal(Now, decision.At);
        Assert.Equal("R5.3", decision.Rule);
        Assert.Equal(Eligibility.PaidOnly, decision.From);
        Assert.Equal(Eligibility.Eligible, decision.To);
        Assert.Equal(Ids.Admin, decision.DecidedBy);
        Assert.Equal("administrator", decision.DecidedByRole);
        Assert.Equal("Мама была в больнице", decision.Reason);
        Assert.Empty(decision.ReadPolicy());
    }

    [Fact]
    public void Reinstate_PaidOnly_EvidenceNamesTheDecisionItReinstates()
    {
        var mother = PaidOnlyMother();
        var restriction = Assert.Single(mother.Decisions);

        mother.Reinstate(Details.Admin, "Мама была в больнице", Now);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["reinstatesDecisionId"] = restriction.Id.ToString(),
                ["reinstatesRule"] = "R2.2",
            },
            mother.Decisions[^1].ReadEvidence());
    }

    [Fact]
    public void Reinstate_RestrictedTwice_EvidenceNamesTheLatestRestriction()
    {
        var mother = PaidOnlyMother();
        mother.Reinstate(Details.Admin, "Мама была в больнице", Now);
        var secondClose = new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc);
        mother.RestrictToPaidForNoContact(Guid.Parse("0195a0c0-0000-7000-8000-0000000000e2"), "P3X-17B", secondClose, new CenterPolicy(), secondClose);
        var latest = mother.Decisions[^1];

        mother.Reinstate(Details.Admin, "Сбой связи на стороне Центра", secondClose.AddDays(1));

        Assert.Equal(latest.Id.ToString(), mother.Decisions[^1].ReadEvidence()["reinstatesDecisionId"]);
        Assert.Equal(["R2.2", "R5.3", "R2.2", "R5.3"], mother.Decisions.Select(d => d.Rule));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Reinstate_BlankReason_ReturnsReasonRequired(string? reason)
    {
        var mother = PaidOnlyMother();

        var result = mother.Reinstate(Details.Admin, reason, Now);

        Assert.Equal(ErrorCodes.ReasonRequired, result.Error?.Code);
        Assert.Equal(Eligibility.PaidOnly, mother.Eligibility);
        Assert.Single(mother.Decisions);
    }

    [Fact]
    public void Reinstate_ReasonOfMaxLength_Succeeds()
    {
        var mother = PaidOnlyMother();

        var result = mother.Reinstate(Details.Admin, new string('я', 1000), Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(1000, mother.Decisions[^1].Reason!.Length);
    }

    [Fact]
    public void Reinstate_ReasonOneCharacterTooLong_ReturnsTooLongWithMax()
    {
        var mother = PaidOnlyMother();

        var result = mother.Reinstate(Details.Admin, new string('я', 1001), Now);

        Assert.Equal(ErrorCodes.TooLong, result.Error?.Code);
        Assert.Equal("1000", result.Error!.Arg("max"));
        Assert.Equal(Eligibility.PaidOnly, mother.Eligibility);
        Assert.Single(mother.Decisions);
    }

    [Fact]
    public void Reinstate_SurroundingSpacesBeyondMaxLength_TrimmedBeforeMeasuring()
    {
        var mother = PaidOnlyMother();

        var result = mother.Reinstate(Details.Admin, "  " + new string('я', 1000) + "  ", Now);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Reinstate_AlreadyEligible_ReturnsAlreadyEligible()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        var result = mother.Reinstate(Details.Admin, "Проверка", Now);

        Assert.Equal(ErrorCodes.AlreadyEligible, result.Error?.Code);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.Empty(mother.Decisions);
        Assert.Equal(Times.Submitted, mother.UpdatedAt);
    }

    [Fact]
    public void Reinstate_SecondTime_ReturnsAlreadyEligibleWithoutNewDecision()
    {
        var mother = PaidOnlyMother();
        mother.Reinstate(Details.Admin, "Мама была в больнице", Now);

        var result = mother.Reinstate(Details.Admin, "Ещё раз", Now.AddMinutes(1));

        Assert.Equal(ErrorCodes.AlreadyEligible, result.Error?.Code);
        Assert.Equal(2, mother.Decisions.Count);
        Assert.Equal(Now, mother.UpdatedAt);
    }
}
