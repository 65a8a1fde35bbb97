using System.Globalization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;

namespace PeerConsult.Domain.Mothers;

/// <summary>R6: what the free peer service allows a mother to do.</summary>
public enum Eligibility
{
    /// <summary>May request, book, be assigned.</summary>
    Eligible,

    /// <summary>R2.2: no contact within 48 hours; only the Center's paid services remain.</summary>
    PaidOnly,

    /// <summary>R5.2: more than one missed or moved meeting in 30 days.</summary>
    PeerServiceRefused,
}

/// <summary>A mother, known by her phone number (E.164). Her eligibility changes only through recorded decisions.</summary>
public sealed class Mother
{
    private readonly List<EligibilityDecision> _decisions = [];
    private readonly List<Violation> _violations = [];

    private Mother()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>E.164; unique — the same mother filing again is the same person.</summary>
    public string Phone { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Email { get; private set; }

    public string TimeZone { get; private set; } = "";

    public Messenger PreferredMessenger { get; private set; }

    public Eligibility Eligibility { get; private set; }

    /// <summary>Her sign-in account for the portal, once she has one.</summary>
    public Guid? UserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public bool MayRequestFreeHelp => Eligibility == Eligibility.Eligible;

    /// <summary>R6: how her eligibility came to be what it is, oldest first.</summary>
    public IReadOnlyList<EligibilityDecision> Decisions => _decisions;

    /// <summary>R5.1: her missed and moved meetings, waived ones included (they stay visible, marked).</summary>
    public IReadOnlyList<Violation> Violations => _violations;

    public static Mother Register(RequestDetails details, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(details);
        Instants.RequireUtc(now, nameof(now));
        return new Mother
        {
            Id = Guid.CreateVersion7(),
            Phone = details.Phone,
            Name = details.Name.Trim(),
            Email = string.IsNullOrWhiteSpace(details.Email) ? null : details.Email.Trim(),
            TimeZone = details.TimeZone,
            PreferredMessenger = details.Messenger,
            Eligibility = Eligibility.Eligible,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A new request carries her latest name, e-mail, zone and messenger; the phone is her identity and stays.</summary>
    public void RefreshContactDetails(RequestDetails details, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(details);
        Instants.RequireUtc(now, nameof(now));
        Name = details.Name.Trim();
        if (!string.IsNullOrWhiteSpace(details.Email))
        {
            Email = details.Email.Trim();
        }

        TimeZone = details.TimeZone;
        PreferredMessenger = details.Messenger;
        UpdatedAt = now;
    }

    public void LinkAccount(Guid userId) => UserId ??= userId;

    /// <summary>
    /// R2.2: her request closed without contact within the close-after time; from now on only paid services.
    /// Returns false when she was already restricted (nothing changes twice).
    /// </summary>
    public bool RestrictToPaidForNoContact(Guid requestId, string requestNumber, DateTime closedAt, CenterPolicy policy, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        Instants.RequireUtc(closedAt, nameof(closedAt));
        if (Eligibility != Eligibility.Eligible)
        {
            return false;
        }

        Change(Eligibility.PaidOnly, "R2.2", new Dictionary<string, string?>
        {
            ["requestId"] = requestId.ToString(),
            ["requestNumber"] = requestNumber,
            ["closedAt"] = closedAt.ToString("O", CultureInfo.InvariantCulture),
            ["closedReason"] = "no-contact",
        }, policy.Snapshot(nameof(CenterPolicy.MotherContactDeadline), nameof(CenterPolicy.MotherContactCloseAfter)), Actor.System, null, now);
        return true;
    }

    /// <summary>
    /// R5.1–R5.2: records a violation; when there are now more than MaxViolations active ones within some
    /// ViolationWindow, the free service is refused (a decision with the violations as evidence). Returns true when
    /// this violation refused it; the caller then cancels her future meetings and tells her kindly.
    /// </summary>
    public bool RecordViolation(Guid meetingId, ViolationKind kind, DateTime occurredAt, CenterPolicy policy, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Instants.RequireUtc(now, nameof(now));
        if (occurredAt > now)
        {
            throw new ArgumentException("A violation cannot happen in the future.", nameof(occurredAt));
        }

        if (_violations.Any(v => v.MeetingId == meetingId && v.Kind == kind && v.OccurredAt == occurredAt))
        {
            return false;
        }

        var violation = Violation.Create(Id, meetingId, kind, occurredAt, now);
        _violations.Add(violation);
        if (Eligibility != Eligibility.Eligible || CrowdedWindow(violation, policy) is not { } window)
        {
            return false;
        }

        var evidence = new Dictionary<string, string?> { ["violationCount"] = window.Count.ToString(CultureInfo.InvariantCulture) };
        for (var i = 0; i < window.Count; i++)
        {
            evidence[$"violation{i + 1}"] = $"{window[i].Kind} {window[i].OccurredAt.ToString("O", CultureInfo.InvariantCulture)} meeting {window[i].MeetingId}";
        }

        Change(Eligibility.PeerServiceRefused, "R5.2", evidence, policy.Snapshot(nameof(CenterPolicy.MaxViolations), nameof(CenterPolicy.ViolationWindow)), Actor.System, null, now);
        return true;
    }

    /// <summary>R5.3: an administrator waives one violation (e.g. a technical failure on the Center's side), with a written reason.</summary>
    public Result WaiveViolation(Guid violationId, Actor administrator, string? reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        Instants.RequireUtc(now, nameof(now));
        var written = WrittenReason(reason);
        if (written.Error is { } error)
        {
            return error;
        }

        var clean = written.Value!;

        var violation = _violations.SingleOrDefault(v => v.Id == violationId);
        if (violation is null)
        {
            return DomainError.Of(ErrorCodes.ViolationNotFound);
        }

        if (!violation.IsActive)
        {
            return DomainError.Of(ErrorCodes.AlreadyWaived);
        }

        violation.Waive(administrator.UserId ?? throw new ArgumentException("An administrator is a signed-in person.", nameof(administrator)), clean, now);
        UpdatedAt = now;
        return Result.Ok();
    }

    /// <summary>Active violations in the window ending at <paramref name="now"/>: what "this month" means on her page.</summary>
    public int ActiveViolationsInWindow(DateTime now, CenterPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return _violations.Count(v => v.IsActive && v.OccurredAt > now - policy.ViolationWindow && v.OccurredAt <= now);
    }

    /// <summary>R5.3: an administrator reinstates her, always with a written reason.</summary>
    public Result Reinstate(Actor administrator, string? reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        Instants.RequireUtc(now, nameof(now));
        var written = WrittenReason(reason);
        if (written.Error is { } error)
        {
            return error;
        }

        var clean = written.Value!;

        if (Eligibility == Eligibility.Eligible)
        {
            return DomainError.Of(ErrorCodes.AlreadyEligible);
        }

        var evidence = new Dictionary<string, string?>();
        if (_decisions.LastOrDefault() is { } last)
        {
            evidence["reinstatesDecisionId"] = last.Id.ToString();
            evidence["reinstatesRule"] = last.Rule;
        }

        Change(Eligibility.Eligible, "R5.3", evidence, null, administrator, clean, now);
        return Result.Ok();
    }

    /// <summary>
    /// A window of ViolationWindow length that holds the new violation and more than MaxViolations active ones.
    /// Violations from before her last reinstatement (R5.3) were already judged and forgiven; they do not count again.
    /// </summary>
    private List<Violation>? CrowdedWindow(Violation newest, CenterPolicy policy)
    {
        var forgivenUntil = _decisions.Where(d => d.Rule == "R5.3").Select(d => (DateTime?)d.At).Max() ?? DateTime.MinValue;
        var active = _violations.Where(v => v.IsActive && v.OccurredAt >= forgivenUntil).OrderBy(v => v.OccurredAt).ToList();
        foreach (var first in active.Where(v => v.OccurredAt <= newest.OccurredAt && newest.OccurredAt < v.OccurredAt + policy.ViolationWindow))
        {
            var inWindow = active.Where(v => v.OccurredAt >= first.OccurredAt && v.OccurredAt < first.OccurredAt + policy.ViolationWindow).ToList();
            if (inWindow.Count > policy.MaxViolations)
            {
                return inWindow;
            }
        }

        return null;
    }

    /// <summary>R5.3: decisions by people carry a written reason: trimmed, present, not too long.</summary>
    private static Result<string> WrittenReason(string? reason)
    {
        var clean = reason?.Trim();
        if (string.IsNullOrEmpty(clean))
        {
            return DomainError.Of(ErrorCodes.ReasonRequired);
        }

        return clean.Length > EligibilityDecision.ReasonMaxLength
            ? DomainError.Of(ErrorCodes.TooLong, ("max", EligibilityDecision.ReasonMaxLength.ToString(CultureInfo.InvariantCulture)))
            : clean;
    }

    private void Change(Eligibility to, string rule, IReadOnlyDictionary<string, string?> evidence, IReadOnlyDictionary<string, string>? policy, Actor by, string? reason, DateTime now)
    {
        _decisions.Add(EligibilityDecision.Create(Id, now, Eligibility, to, rule, evidence, policy, by, reason));
        Eligibility = to;
        UpdatedAt = now;
    }
}
