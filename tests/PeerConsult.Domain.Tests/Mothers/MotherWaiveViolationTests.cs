using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

/// <summary>R5.3: an administrator waives a single violation with a written reason; it stays visible but no longer counts.</summary>
public class MotherWaiveViolationTests
{
    private static readonly Guid MeetingA = Guid.Parse("0195a0c0-0000-7000-8000-0000000000a1");

    private static readonly DateTime OccurredAt = new(2026, 3, 10, 7, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Now = new(2026, 3, 11, 9, 0, 0, DateTimeKind.Utc);

    private static Mother MotherWithOneViolation()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, OccurredAt, new CenterPolicy(), OccurredAt);
        return mother;
    }

    [Fact]
    public void WaiveViolation_WithReason_MarkedWaivedByTheAdministrator()
    {
        var mother = MotherWithOneViolation();
        var violation = mother.Violations[0];

        var result = mother.WaiveViolation(violation.Id, Details.Admin, "  Сбой связи на стороне Центра  ", Now);

        Assert.True(result.IsSuccess);
        Assert.False(violation.IsActive);
        Assert.Equal(Now, violation.WaivedAt);
        Assert.Equal(Ids.Admin, violation.WaivedBy);
        Assert.Equal("Сбой связи на стороне Центра", violation.WaiveReason);
        Assert.Equal(Now, mother.UpdatedAt);
        Assert.Single(mother.Violations);
    }

    [Fact]
    public void WaiveViolation_Waived_NoLongerCountsThisMonth()
    {
        var mother = MotherWithOneViolation();

        mother.WaiveViolation(mother.Violations[0].Id, Details.Admin, "Сбой связи на стороне Центра", Now);

        Assert.Equal(0, mother.ActiveViolationsInWindow(Now, new CenterPolicy()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void WaiveViolation_NoReason_ReasonRequired(string? reason)
    {
        var mother = MotherWithOneViolation();

        var result = mother.WaiveViolation(mother.Violations[0].Id, Details.Admin, reason, Now);

        Assert.Equal(ErrorCodes.ReasonRequired, result.Error!.Code);
        Assert.True(mother.Violations[0].IsActive);
    }

    [Fact]
    public void WaiveViolation_ReasonOverMaxLength_TooLong()
    {
        var mother = MotherWithOneViolation();

        var result = mother.WaiveViolation(mother.Violations[0].Id, Details.Admin, new string('а', EligibilityDecision.ReasonMaxLength + 1), Now);

        Assert.Equal(ErrorCodes.TooLong, result.Error!.Code);
        Assert.Equal("1000", result.Error.Arg("max"));
        Assert.True(mother.Violations[0].IsActive);
    }

    [Fact]
    public void WaiveViolation_ReasonAtMaxLength_Waived()
    {
        var mother = MotherWithOneViolation();

        var result = mother.WaiveViolation(mother.Violations[0].Id, Details.Admin, new string('а', EligibilityDecision.ReasonMaxLength), Now);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void WaiveViolation_UnknownId_ViolationNotFound()
    {
        var mother = MotherWithOneViolation();

        var result = mother.WaiveViolation(Guid.Parse("0195a0c0-0000-7000-8000-0000000000ff"), Details.Admin, "Сбой связи", Now);

        Assert.Equal(ErrorCodes.ViolationNotFound, result.Error!.Code);
    }

    [Fact]
    public void WaiveViolation_Twice_AlreadyWaivedAndFirstWaiverKept()
    {
        var mother = MotherWithOneViolation();
        var violation = mother.Violations[0];
        mother.WaiveViolation(violation.Id, Details.Admin, "Сбой связи", Now);

        var result = mother.WaiveViolation(violation.Id, Details.Admin, "Ещё раз", Now.AddHours(1));

        Assert.Equal(ErrorCodes.AlreadyWaived, result.Error!.Code);
        Assert.Equal(Now, violation.WaivedAt);
        Assert.Equal("Сбой связи", violation.WaiveReason);
    }
}
