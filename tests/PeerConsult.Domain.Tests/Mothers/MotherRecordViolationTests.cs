using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

/// <summary>
/// R5.1–R5.2, R6: more than MaxViolations active violations within a ViolationWindow refuse the free service, with a
/// decision that lists the violations and the policy values applied.
/// </summary>
public class MotherRecordViolationTests
{
    private static readonly CenterPolicy Policy = new();

    private static readonly Guid MeetingA = Guid.Parse("0195a0c0-0000-7000-8000-0000000000a1");
    private static readonly Guid MeetingB = Guid.Parse("0195a0c0-0000-7000-8000-0000000000a2");
    private static readonly Guid MeetingC = Guid.Parse("0195a0c0-0000-7000-8000-0000000000a3");

    private static readonly DateTime First = new(2026, 3, 10, 7, 0, 0, DateTimeKind.Utc);

    private static Mother NewMother() => Mother.Register(Details.Valid(), Times.Submitted);

    [Fact]
    public void RecordViolation_First_StaysEligible()
    {
        var mother = NewMother();

        var refused = mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);

        Assert.False(refused);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.Empty(mother.Decisions);
        var violation = Assert.Single(mother.Violations);
        Assert.Equal(mother.Id, violation.MotherId);
        Assert.Equal(MeetingA, violation.MeetingId);
        Assert.Equal(ViolationKind.NoShow, violation.Kind);
        Assert.Equal(First, violation.OccurredAt);
        Assert.Equal(First, violation.RecordedAt);
        Assert.True(violation.IsActive);
    }

    [Fact]
    public void RecordViolation_SecondWithinThirtyDays_RefusesFreeService()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);
        var second = new DateTime(2026, 3, 20, 9, 0, 0, DateTimeKind.Utc);

        var refused = mother.RecordViolation(MeetingB, ViolationKind.MovedInTime, second, Policy, second);

        Assert.True(refused);
        Assert.Equal(Eligibility.PeerServiceRefused, mother.Eligibility);
        Assert.False(mother.MayRequestFreeHelp);
        Assert.Equal(second, mother.UpdatedAt);
    }

    [Fact]
    public void RecordViolation_SecondWithinThirtyDays_DecisionR52WithViolationsAndPolicy()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);
        var second = new DateTime(2026, 3, 20, 9, 0, 0, DateTimeKind.Utc);

        mother.RecordViolation(MeetingB, ViolationKind.MovedInTime, second, Policy, second);

        var decision = Assert.Single(mother.Decisions);
        Assert.Equal("R5.2", decision.Rule);
        Assert.Equal(Eligibility.Eligible, decision.From);
        Assert.Equal(Eligibility.PeerServiceRefused, decision.To);
        Assert.Equal(second, decision.At);
        Assert.Null(decision.DecidedBy);
        Assert.Equal("system", decision.DecidedByRole);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["violationCount"] = "2",
                ["violation1"] = $"NoShow 2026-03-10T07:00:00.0000000Z meeting {MeetingA}",
                ["violation2"] = $"MovedInTime 2026-03-20T09:00:00.0000000Z meeting {MeetingB}",
            },
            decision.ReadEvidence());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MaxViolations"] = "1",
                ["ViolationWindow"] = "30.00:00:00",
            },
            decision.ReadPolicy());
    }

    [Fact]
    public void RecordViolation_SecondOneTickUnderThirtyDaysLater_Refuses()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);
        var second = First.AddDays(30).AddTicks(-1);

        Assert.True(mother.RecordViolation(MeetingB, ViolationKind.NoShow, second, Policy, second));
    }

    [Fact]
    public void RecordViolation_SecondExactlyThirtyDaysLater_StaysEligible()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);
        var second = First.AddDays(30);

        var refused = mother.RecordViolation(MeetingB, ViolationKind.NoShow, second, Policy, second);

        Assert.False(refused);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.Equal(2, mother.Violations.Count);
    }

    [Fact]
    public void RecordViolation_SecondRecordedBeforeFirstInTime_StillRefuses()
    {
        var mother = NewMother();
        var later = new DateTime(2026, 3, 25, 7, 0, 0, DateTimeKind.Utc);
        mother.RecordViolation(MeetingB, ViolationKind.NoShow, later, Policy, later);

        var refused = mother.RecordViolation(MeetingA, ViolationKind.CancelledLate, First, Policy, later.AddHours(1));

        Assert.True(refused);
    }

    [Fact]
    public void RecordViolation_FirstWaivedBeforeSecond_StaysEligible()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);
        mother.WaiveViolation(mother.Violations[0].Id, Details.Admin, "Сбой связи на стороне Центра", First.AddHours(2));
        var second = new DateTime(2026, 3, 20, 9, 0, 0, DateTimeKind.Utc);

        var refused = mother.RecordViolation(MeetingB, ViolationKind.NoShow, second, Policy, second);

        Assert.False(refused);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.Empty(mother.Decisions);
    }

    [Fact]
    public void RecordViolation_PolicyMaxTwoSecond_StaysEligible()
    {
        var policy = new CenterPolicy { MaxViolations = 2 };
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, policy, First);

        Assert.False(mother.RecordViolation(MeetingB, ViolationKind.NoShow, First.AddDays(7), policy, First.AddDays(7)));
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
    }

    [Fact]
    public void RecordViolation_PolicyMaxTwoThird_RefusesWithThreeInEvidence()
    {
        var policy = new CenterPolicy { MaxViolations = 2 };
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, policy, First);
        mother.RecordViolation(MeetingB, ViolationKind.NoShow, First.AddDays(7), policy, First.AddDays(7));

        var refused = mother.RecordViolation(MeetingC, ViolationKind.VideoOff, First.AddDays(14), policy, First.AddDays(14));

        Assert.True(refused);
        Assert.Equal(Eligibility.PeerServiceRefused, mother.Eligibility);
        var decision = Assert.Single(mother.Decisions);
        Assert.Equal("3", decision.ReadEvidence()["violationCount"]);
        Assert.Equal("2", decision.ReadPolicy()["MaxViolations"]);
    }

    [Fact]
    public void RecordViolation_PolicyWindowSevenDays_EightDaysApartStaysEligible()
    {
        var policy = new CenterPolicy { ViolationWindow = TimeSpan.FromDays(7) };
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, policy, First);

        Assert.False(mother.RecordViolation(MeetingB, ViolationKind.NoShow, First.AddDays(8), policy, First.AddDays(8)));
    }

    [Fact]
    public void RecordViolation_SameMeetingKindAndInstantTwice_RecordedOnce()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);

        var refused = mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First.AddMinutes(5));

        Assert.False(refused);
        Assert.Single(mother.Violations);
        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
    }

    [Fact]
    public void RecordViolation_SameMeetingMovedThenMissed_TwoViolationsRefuse()
    {
        var mother = NewMother();
        var asked = new DateTime(2026, 3, 5, 9, 0, 0, DateTimeKind.Utc);
        mother.RecordViolation(MeetingA, ViolationKind.MovedInTime, asked, Policy, asked);

        var refused = mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);

        Assert.True(refused);
        Assert.Equal(2, mother.Violations.Count);
    }

    [Fact]
    public void RecordViolation_AlreadyRefused_AddsViolationButNoSecondDecision()
    {
        var mother = NewMother();
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);
        mother.RecordViolation(MeetingB, ViolationKind.NoShow, First.AddDays(7), Policy, First.AddDays(7));

        var refused = mother.RecordViolation(MeetingC, ViolationKind.NoShow, First.AddDays(8), Policy, First.AddDays(8));

        Assert.False(refused);
        Assert.Equal(3, mother.Violations.Count);
        Assert.Single(mother.Decisions);
        Assert.Equal(Eligibility.PeerServiceRefused, mother.Eligibility);
    }

    [Fact]
    public void RecordViolation_PaidOnly_NoR52Decision()
    {
        var mother = NewMother();
        mother.RestrictToPaidForNoContact(Guid.Parse("0195a0c0-0000-7000-8000-0000000000e1"), "K7M-42Q", Times.ContactSent.AddHours(48), Policy, Times.ContactSent.AddHours(48));
        mother.RecordViolation(MeetingA, ViolationKind.NoShow, First, Policy, First);

        var refused = mother.RecordViolation(MeetingB, ViolationKind.NoShow, First.AddDays(1), Policy, First.AddDays(1));

        Assert.False(refused);
        Assert.Equal(Eligibility.PaidOnly, mother.Eligibility);
        Assert.Equal("R2.2", Assert.Single(mother.Decisions).Rule);
    }
}
