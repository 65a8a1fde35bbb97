using System.Globalization;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Tests.Policy;

/// <summary>Every decision records the policy values it applied, in a form that reads the same on any machine.</summary>
public class CenterPolicySnapshotTests
{
    [Fact]
    public void Snapshot_Defaults_AllValuesInInvariantForm()
    {
        var snapshot = new CenterPolicy().Snapshot();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AdminResponseDeadline"] = "1.00:00:00",
                ["AdminResponseWarning"] = "20:00:00",
                ["MotherContactDeadline"] = "1.00:00:00",
                ["MotherContactCloseAfter"] = "2.00:00:00",
                ["ChangeCutoff"] = "06:00:00",
                ["MeetingLength"] = "01:00:00",
                ["MaxMeetingLength"] = "01:00:00",
                ["MinDaysBetweenMeetings"] = "7",
                ["MaxViolations"] = "1",
                ["ViolationWindow"] = "30.00:00:00",
                ["MinBandwidthMbps"] = "2",
                ["CenterTimeZone"] = "Europe/Moscow",
            },
            snapshot);
    }

    [Fact]
    public void Snapshot_Names_OnlyThoseValues()
    {
        var snapshot = new CenterPolicy { ChangeCutoff = TimeSpan.FromMinutes(390) }.Snapshot(nameof(CenterPolicy.ChangeCutoff), nameof(CenterPolicy.MaxViolations));

        Assert.Equal(new Dictionary<string, string> { ["ChangeCutoff"] = "06:30:00", ["MaxViolations"] = "1" }, snapshot);
    }

    [Fact]
    public void Snapshot_RussianCulture_StaysInvariant()
    {
        var policy = new CenterPolicy { MinBandwidthMbps = 2.5, ViolationWindow = TimeSpan.FromDays(30.5) };
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ru-RU");

            var snapshot = policy.Snapshot(nameof(CenterPolicy.MinBandwidthMbps), nameof(CenterPolicy.ViolationWindow));

            Assert.Equal("2.5", snapshot["MinBandwidthMbps"]);
            Assert.Equal("30.12:00:00", snapshot["ViolationWindow"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
