using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

/// <summary>R5.2: "this month" on her page: active violations in the ViolationWindow ending now.</summary>
public class MotherActiveViolationsInWindowTests
{
    private static readonly CenterPolicy Policy = new();

    private static readonly DateTime OccurredAt = new(2026, 3, 10, 7, 0, 0, DateTimeKind.Utc);

    private static Mother MotherWithOneViolation()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        mother.RecordViolation(Guid.Parse("0195a0c0-0000-7000-8000-0000000000a1"), ViolationKind.NoShow, OccurredAt, Policy, OccurredAt);
        return mother;
    }

    [Fact]
    public void ActiveViolationsInWindow_AtTheViolation_One()
    {
        Assert.Equal(1, MotherWithOneViolation().ActiveViolationsInWindow(OccurredAt, Policy));
    }

    [Fact]
    public void ActiveViolationsInWindow_OneTickUnderThirtyDaysLater_One()
    {
        Assert.Equal(1, MotherWithOneViolation().ActiveViolationsInWindow(OccurredAt.AddDays(30).AddTicks(-1), Policy));
    }

    [Fact]
    public void ActiveViolationsInWindow_ExactlyThirtyDaysLater_Zero()
    {
        Assert.Equal(0, MotherWithOneViolation().ActiveViolationsInWindow(OccurredAt.AddDays(30), Policy));
    }

    [Fact]
    public void ActiveViolationsInWindow_BeforeItHappened_Zero()
    {
        Assert.Equal(0, MotherWithOneViolation().ActiveViolationsInWindow(OccurredAt.AddTicks(-1), Policy));
    }

    [Fact]
    public void ActiveViolationsInWindow_NoViolations_Zero()
    {
        Assert.Equal(0, Mother.Register(Details.Valid(), Times.Submitted).ActiveViolationsInWindow(OccurredAt, Policy));
    }
}
