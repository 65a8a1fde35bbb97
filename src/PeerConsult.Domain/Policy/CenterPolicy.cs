using System.Globalization;

namespace PeerConsult.Domain.Policy;

/// <summary>
/// Every number of RULES.md as data (configuration section "Policy"), with the Center's defaults.
/// Decisions store the values they applied (see <see cref="Snapshot"/>).
/// </summary>
public sealed record CenterPolicy
{
    public const string SectionName = "Policy";

    /// <summary>R1.2: the administrator contacts the mother within this time of submission.</summary>
    public TimeSpan AdminResponseDeadline { get; init; } = TimeSpan.FromHours(24);

    /// <summary>R1.2: the queue warns from this age on.</summary>
    public TimeSpan AdminResponseWarning { get; init; } = TimeSpan.FromHours(20);

    /// <summary>R2.1: the mother gets in touch with her consultant within this time of receiving the contact.</summary>
    public TimeSpan MotherContactDeadline { get; init; } = TimeSpan.FromHours(24);

    /// <summary>R2.2: without contact by then, the request closes.</summary>
    public TimeSpan MotherContactCloseAfter { get; init; } = TimeSpan.FromHours(48);

    /// <summary>R4.1: changes close this long before a meeting's start.</summary>
    public TimeSpan ChangeCutoff { get; init; } = TimeSpan.FromHours(6);

    /// <summary>R3.1: a meeting's planned length.</summary>
    public TimeSpan MeetingLength { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>R3.1: the hard ceiling of a meeting's length.</summary>
    public TimeSpan MaxMeetingLength { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>R3.2: calendar days (Center's zone) between two meetings.</summary>
    public int MinDaysBetweenMeetings { get; init; } = 7;

    /// <summary>R5.2: more violations than this within the window refuse the free service.</summary>
    public int MaxViolations { get; init; } = 1;

    /// <summary>R5.2: the rolling window for violations.</summary>
    public TimeSpan ViolationWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>R7.2: the minimum connection speed.</summary>
    public double MinBandwidthMbps { get; init; } = 2;

    /// <summary>The Center's IANA time zone.</summary>
    public string CenterTimeZone { get; init; } = "Europe/Moscow";

    /// <summary>The problems that make this policy unusable; empty when it is fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Policy:{name} must be greater than zero (it is {value}).");
            }
        }

        Positive(AdminResponseDeadline, nameof(AdminResponseDeadline));
        Positive(AdminResponseWarning, nameof(AdminResponseWarning));
        Positive(MotherContactDeadline, nameof(MotherContactDeadline));
        Positive(MotherContactCloseAfter, nameof(MotherContactCloseAfter));
        Positive(ChangeCutoff, nameof(ChangeCutoff));
        Positive(MeetingLength, nameof(MeetingLength));
        Positive(MaxMeetingLength, nameof(MaxMeetingLength));
        Positive(ViolationWindow, nameof(ViolationWindow));
        if (AdminResponseWarning >= AdminResponseDeadline)
        {
            problems.Add("Policy:AdminResponseWarning must come before Policy:AdminResponseDeadline.");
        }

        if (MotherContactCloseAfter <= MotherContactDeadline)
        {
            problems.Add("Policy:MotherContactCloseAfter must come after Policy:MotherContactDeadline.");
        }

        if (MaxMeetingLength > TimeSpan.FromMinutes(60))
        {
            problems.Add($"Policy:MaxMeetingLength may not exceed 60 minutes (R3.1); it is {MaxMeetingLength}.");
        }

        if (MeetingLength > MaxMeetingLength)
        {
            problems.Add($"Policy:MeetingLength ({MeetingLength}) may not exceed Policy:MaxMeetingLength ({MaxMeetingLength}).");
        }

        if (MinDaysBetweenMeetings < 0)
        {
            problems.Add("Policy:MinDaysBetweenMeetings may not be negative.");
        }

        if (MaxViolations < 0)
        {
            problems.Add("Policy:MaxViolations may not be negative.");
        }

        if (MinBandwidthMbps <= 0)
        {
            problems.Add("Policy:MinBandwidthMbps must be greater than zero.");
        }

        if (!Common.TimeZones.IsValidIana(CenterTimeZone))
        {
            problems.Add($"Policy:CenterTimeZone '{CenterTimeZone}' is not an IANA time zone.");
        }

        return problems;
    }

    /// <summary>The values a decision applied, in a stable invariant form for the audit trail.</summary>
    public IReadOnlyDictionary<string, string> Snapshot(params string[] names)
    {
        var all = new Dictionary<string, string>
        {
            [nameof(AdminResponseDeadline)] = Format(AdminResponseDeadline),
            [nameof(AdminResponseWarning)] = Format(AdminResponseWarning),
            [nameof(MotherContactDeadline)] = Format(MotherContactDeadline),
            [nameof(MotherContactCloseAfter)] = Format(MotherContactCloseAfter),
            [nameof(ChangeCutoff)] = Format(ChangeCutoff),
            [nameof(MeetingLength)] = Format(MeetingLength),
            [nameof(MaxMeetingLength)] = Format(MaxMeetingLength),
            [nameof(MinDaysBetweenMeetings)] = MinDaysBetweenMeetings.ToString(CultureInfo.InvariantCulture),
            [nameof(MaxViolations)] = MaxViolations.ToString(CultureInfo.InvariantCulture),
            [nameof(ViolationWindow)] = Format(ViolationWindow),
            [nameof(MinBandwidthMbps)] = MinBandwidthMbps.ToString(CultureInfo.InvariantCulture),
            [nameof(CenterTimeZone)] = CenterTimeZone,
        };
        return names.Length == 0 ? all : names.ToDictionary(n => n, n => all[n]);
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
