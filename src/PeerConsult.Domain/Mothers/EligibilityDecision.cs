using System.Text.Json;
using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Mothers;

/// <summary>
/// R6: every change of a mother's eligibility, with the rule, the evidence (which events), the policy values,
/// who or what decided, when, and why. Her page shows these in plain words.
/// </summary>
public sealed class EligibilityDecision
{
    public const int ReasonMaxLength = 1000;

    private EligibilityDecision()
    {
    }

    public Guid Id { get; private set; }

    public Guid MotherId { get; private set; }

    public DateTime At { get; private set; }

    public Eligibility From { get; private set; }

    public Eligibility To { get; private set; }

    /// <summary>The rule number applied: "R2.2", "R5.2", "R5.3".</summary>
    public string Rule { get; private set; } = "";

    /// <summary>JSON object naming the events that led here (e.g. the request closed for no contact).</summary>
    public string Evidence { get; private set; } = "{}";

    /// <summary>JSON object of the policy values applied.</summary>
    public string Policy { get; private set; } = "{}";

    public Guid? DecidedBy { get; private set; }

    public string DecidedByRole { get; private set; } = "";

    public string? Reason { get; private set; }

    internal static EligibilityDecision Create(
        Guid motherId,
        DateTime at,
        Eligibility from,
        Eligibility to,
        string rule,
        IReadOnlyDictionary<string, string?> evidence,
        IReadOnlyDictionary<string, string>? policy,
        Actor by,
        string? reason) => new()
        {
            Id = Guid.CreateVersion7(),
            MotherId = motherId,
            At = Instants.RequireUtc(at, nameof(at)),
            From = from,
            To = to,
            Rule = rule,
            Evidence = JsonSerializer.Serialize(evidence),
            Policy = policy is null ? "{}" : JsonSerializer.Serialize(policy),
            DecidedBy = by.UserId,
            DecidedByRole = by.Role,
            Reason = reason,
        };

    public IReadOnlyDictionary<string, string?> ReadEvidence() =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(Evidence) ?? [];

    public IReadOnlyDictionary<string, string> ReadPolicy() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(Policy) ?? [];
}
