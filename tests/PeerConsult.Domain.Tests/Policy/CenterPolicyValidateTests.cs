using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Tests.Policy;

/// <summary>A policy that breaks RULES.md must be refused at start-up, not discovered in a queue.</summary>
public class CenterPolicyValidateTests
{
    private static void AssertProblem(CenterPolicy policy, string expectedStart)
    {
        var problems = policy.Validate();

        Assert.Contains(problems, p => p.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_NoProblems() => Assert.Empty(new CenterPolicy().Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveAdminDeadline_Invalid(int hours) =>
        AssertProblem(new CenterPolicy { AdminResponseDeadline = TimeSpan.FromHours(hours) }, "Policy:AdminResponseDeadline must be greater than zero");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveMotherContactDeadline_Invalid(int hours) =>
        AssertProblem(new CenterPolicy { MotherContactDeadline = TimeSpan.FromHours(hours) }, "Policy:MotherContactDeadline must be greater than zero");

    [Fact]
    public void Validate_ZeroChangeCutoff_Invalid() =>
        AssertProblem(new CenterPolicy { ChangeCutoff = TimeSpan.Zero }, "Policy:ChangeCutoff must be greater than zero");

    [Fact]
    public void Validate_NegativeViolationWindow_Invalid() =>
        AssertProblem(new CenterPolicy { ViolationWindow = TimeSpan.FromDays(-30) }, "Policy:ViolationWindow must be greater than zero");

    [Fact]
    public void Validate_MeetingLongerThanMaxMeetingLength_Invalid() =>
        AssertProblem(new CenterPolicy { MeetingLength = TimeSpan.FromMinutes(61) }, "Policy:MeetingLength");

    [Fact]
    public void Validate_MaxMeetingLengthOver60Minutes_Invalid() =>
        AssertProblem(
            new CenterPolicy { MeetingLength = TimeSpan.FromMinutes(90), MaxMeetingLength = TimeSpan.FromMinutes(90) },
            "Policy:MaxMeetingLength may not exceed 60 minutes");

    [Fact]
    public void Validate_ShorterMeetingLength_Valid() =>
        Assert.Empty(new CenterPolicy { MeetingLength = TimeSpan.FromMinutes(45) }.Validate());

    [Theory]
    [InlineData(24)]
    [InlineData(25)]
    public void Validate_WarningNotBeforeDeadline_Invalid(int warningHours) =>
        AssertProblem(
            new CenterPolicy { AdminResponseWarning = TimeSpan.FromHours(warningHours) },
            "Policy:AdminResponseWarning must come before Policy:AdminResponseDeadline");

    [Theory]
    [InlineData(24)]
    [InlineData(12)]
    public void Validate_CloseAfterNotAfterContactDeadline_Invalid(int closeAfterHours) =>
        AssertProblem(
            new CenterPolicy { MotherContactCloseAfter = TimeSpan.FromHours(closeAfterHours) },
            "Policy:MotherContactCloseAfter must come after Policy:MotherContactDeadline");

    [Theory]
    [InlineData("Mars/Base")]
    [InlineData("")]
    [InlineData("MSK")]
    public void Validate_BadCenterTimeZone_Invalid(string zone) =>
        AssertProblem(new CenterPolicy { CenterTimeZone = zone }, $"Policy:CenterTimeZone '{zone}'");

    [Fact]
    public void Validate_OtherIanaCenterTimeZone_Valid() =>
        Assert.Empty(new CenterPolicy { CenterTimeZone = "Asia/Novosibirsk" }.Validate());

    [Fact]
    public void Validate_NegativeCounts_Invalid()
    {
        var problems = new CenterPolicy { MinDaysBetweenMeetings = -1, MaxViolations = -1, MinBandwidthMbps = 0 }.Validate();

        Assert.Equal(
            new[]
            {
                "Policy:MinDaysBetweenMeetings may not be negative.",
                "Policy:MaxViolations may not be negative.",
                "Policy:MinBandwidthMbps must be greater than zero.",
            },
            problems);
    }
}
