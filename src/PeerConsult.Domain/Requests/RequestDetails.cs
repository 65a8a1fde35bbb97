using System.Text.RegularExpressions;
using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Requests;

/// <summary>What the mother tells us in her request (R1.1), already normalised (phone in E.164).</summary>
public sealed partial record RequestDetails(
    string Name,
    string Phone,
    Messenger Messenger,
    string? Email,
    string TimeZone,
    string? Note,
    Guid? PreferredConsultantId)
{
    public const int NameMaxLength = 100;
    public const int NoteMaxLength = 1000;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 16;

    /// <summary>Every problem, by field, so a form can show them all at once.</summary>
    public IReadOnlyDictionary<string, DomainError> Validate()
    {
        var errors = new Dictionary<string, DomainError>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors[nameof(Name)] = DomainError.Of(ErrorCodes.NameRequired);
        }
        else if (Name.Trim().Length > NameMaxLength)
        {
            errors[nameof(Name)] = DomainError.Of(ErrorCodes.NameTooLong, ("max", NameMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (!E164().IsMatch(Phone ?? ""))
        {
            errors[nameof(Phone)] = DomainError.Of(ErrorCodes.InvalidPhone);
        }

        if (!Enum.IsDefined(Messenger))
        {
            errors[nameof(Messenger)] = DomainError.Of(ErrorCodes.InvalidMessenger);
        }

        if (!string.IsNullOrWhiteSpace(Email) && !IsPlausibleEmail(Email.Trim()))
        {
            errors[nameof(Email)] = DomainError.Of(ErrorCodes.InvalidEmail);
        }

        if (!TimeZones.IsValidIana(TimeZone))
        {
            errors[nameof(TimeZone)] = DomainError.Of(ErrorCodes.InvalidTimeZone);
        }

        if (Note is not null && Note.Trim().Length > NoteMaxLength)
        {
            errors[nameof(Note)] = DomainError.Of(ErrorCodes.NoteTooLong, ("max", NoteMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return errors;
    }

    public static bool IsE164(string? phone) => E164().IsMatch(phone ?? "");

    /// <summary>A deliberately modest check: one @, a dot in the domain, no spaces. Delivery proves the rest.</summary>
    public static bool IsPlausibleEmail(string email) =>
        email.Length <= EmailMaxLength && EmailShape().IsMatch(email);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}

/// <summary>The mother's separate, explicit consent to personal-data processing (R1.1), with the text version she saw.</summary>
public sealed record ConsentRecord(string Version, DateTime AcceptedAt, string? IpAddress);
