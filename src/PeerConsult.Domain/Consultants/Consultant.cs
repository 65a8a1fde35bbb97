using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Consultants;

/// <summary>A peer consultant: a mother with lived experience. Published ones appear in the public catalog.</summary>
public sealed class Consultant
{
    public const int DisplayNameMaxLength = 100;
    public const int BioMaxLength = 2000;
    public const int TagMaxLength = 60;
    public const int MaxTags = 12;
    public const int MaxCapacity = 100;

    private static readonly DateTime PhotoEpoch = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private Consultant()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Her sign-in account.</summary>
    public Guid UserId { get; private set; }

    public string DisplayName { get; private set; } = "";

    public string Email { get; private set; } = "";

    /// <summary>E.164; given to the mother when the consultant is assigned (R1.3).</summary>
    public string Phone { get; private set; } = "";

    public string TimeZone { get; private set; } = "";

    public string? Bio { get; private set; }

    public List<string> Topics { get; private set; } = [];

    public List<string> Languages { get; private set; } = [];

    /// <summary>How many open requests she can hold at once.</summary>
    public int MaxActiveMothers { get; private set; }

    /// <summary>
    /// How many open requests she holds now. Changed only by a conditional UPDATE
    /// (ActiveMothers &lt; MaxActiveMothers) so two administrators cannot both take her last place.
    /// </summary>
    public int ActiveMothers { get; private set; }

    public bool Published { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>
    /// 0 while she has no photo; otherwise part of the photo's URL, so a new photo gets a new URL and
    /// browsers may cache each one forever.
    /// </summary>
    public int PhotoVersion { get; private set; }

    public bool HasPhoto => PhotoVersion > 0;

    public bool HasCapacity => ActiveMothers < MaxActiveMothers;

    public static Result<Consultant> Create(ConsultantProfile profile, Guid userId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = profile.Validate();
        if (problems.Count > 0)
        {
            return problems.Values.First();
        }

        var consultant = new Consultant
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Email = profile.Email.Trim(),
            CreatedAt = Instants.RequireUtc(now, nameof(now)),
        };
        consultant.Apply(profile);
        return consultant;
    }

    public Result UpdateProfile(ConsultantProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = profile.Validate();
        if (problems.Count > 0)
        {
            return problems.Values.First();
        }

        Apply(profile);
        return Result.Ok();
    }

    /// <summary>
    /// A new photo was stored. The version follows the clock (seconds since 2020), never below the last one plus one,
    /// so a photo removed and later replaced does not reuse a URL a browser still holds in its cache.
    /// </summary>
    public void PhotoChanged(DateTime now)
    {
        var seconds = (long)(Instants.RequireUtc(now, nameof(now)) - PhotoEpoch).TotalSeconds;
        PhotoVersion = (int)Math.Clamp(seconds, PhotoVersion + 1L, int.MaxValue);
    }

    public void PhotoRemoved() => PhotoVersion = 0;

    private void Apply(ConsultantProfile profile)
    {
        DisplayName = profile.DisplayName.Trim();
        Phone = profile.Phone;
        TimeZone = profile.TimeZone;
        Bio = string.IsNullOrWhiteSpace(profile.Bio) ? null : profile.Bio.Trim();
        Topics = ConsultantProfile.CleanTags(profile.Topics);
        Languages = ConsultantProfile.CleanTags(profile.Languages);
        MaxActiveMothers = profile.MaxActiveMothers;
        Published = profile.Published;
    }
}

/// <summary>What an administrator fills in for a consultant (phone already in E.164).</summary>
public sealed record ConsultantProfile(
    string DisplayName,
    string Email,
    string Phone,
    string TimeZone,
    string? Bio,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Languages,
    int MaxActiveMothers,
    bool Published)
{
    public IReadOnlyDictionary<string, DomainError> Validate()
    {
        var errors = new Dictionary<string, DomainError>();
        if (string.IsNullOrWhiteSpace(DisplayName))
        {
            errors[nameof(DisplayName)] = DomainError.Of(ErrorCodes.NameRequired);
        }
        else if (DisplayName.Trim().Length > Consultant.DisplayNameMaxLength)
        {
            errors[nameof(DisplayName)] = DomainError.Of(ErrorCodes.NameTooLong, ("max", Consultant.DisplayNameMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (string.IsNullOrWhiteSpace(Email) || !Requests.RequestDetails.IsPlausibleEmail(Email.Trim()))
        {
            errors[nameof(Email)] = DomainError.Of(ErrorCodes.InvalidEmail);
        }

        if (!Requests.RequestDetails.IsE164(Phone))
        {
            errors[nameof(Phone)] = DomainError.Of(ErrorCodes.InvalidPhone);
        }

        if (!TimeZones.IsValidIana(TimeZone))
        {
            errors[nameof(TimeZone)] = DomainError.Of(ErrorCodes.InvalidTimeZone);
        }

        if (Bio is { Length: > Consultant.BioMaxLength })
        {
            errors[nameof(Bio)] = DomainError.Of(ErrorCodes.TooLong, ("max", Consultant.BioMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (MaxActiveMothers is < 0 or > Consultant.MaxCapacity)
        {
            errors[nameof(MaxActiveMothers)] = DomainError.Of(ErrorCodes.InvalidCapacity, ("max", Consultant.MaxCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var (name, tags) in new[] { (nameof(Topics), Topics), (nameof(Languages), Languages) })
        {
            var clean = CleanTags(tags);
            if (clean.Count > Consultant.MaxTags || clean.Any(t => t.Length > Consultant.TagMaxLength))
            {
                errors[name] = DomainError.Of(ErrorCodes.TooLong, ("max", Consultant.TagMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return errors;
    }

    internal static List<string> CleanTags(IReadOnlyList<string>? tags) =>
        tags is null ? [] : [.. tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
}
