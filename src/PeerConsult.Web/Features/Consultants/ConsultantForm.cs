using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>The consultant form exactly as typed, so nothing is lost when it comes back with errors.</summary>
public sealed class ConsultantForm
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? TimeZone { get; set; }

    public string? Bio { get; set; }

    /// <summary>Comma-separated, as the administrator types them.</summary>
    public string? Topics { get; set; }

    public string? Languages { get; set; }

    /// <summary>Text, so "пять" comes back as typed with a message instead of a binding error.</summary>
    public string? MaxActiveMothers { get; set; }

    public bool Published { get; set; }

    /// <summary>A newly chosen photo; a browser never sends the previous choice again, so it is not kept on errors.</summary>
    public IFormFile? Photo { get; set; }

    public bool RemovePhoto { get; set; }

    public static ConsultantForm Blank(CenterPolicy policy) => new() { TimeZone = policy?.CenterTimeZone, MaxActiveMothers = "5", Published = true };

    public static ConsultantForm From(Consultant consultant)
    {
        ArgumentNullException.ThrowIfNull(consultant);
        return new()
        {
            DisplayName = consultant.DisplayName,
            Email = consultant.Email,
            Phone = Infrastructure.Phones.Pretty(consultant.Phone),
            TimeZone = consultant.TimeZone,
            Bio = consultant.Bio,
            Topics = string.Join(", ", consultant.Topics),
            Languages = string.Join(", ", consultant.Languages),
            MaxActiveMothers = consultant.MaxActiveMothers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Published = consultant.Published,
        };
    }

    /// <summary>
    /// The chosen file's bytes, or null when none was chosen. The page's request size limit bounds what is read;
    /// whether it is a photo, and small enough, is decided from these bytes by <see cref="PhotoImage"/>.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>?> ReadPhotoAsync(CancellationToken ct)
    {
        if (Photo is not { Length: > 0 })
        {
            return null;
        }

        using var buffer = new MemoryStream((int)Math.Min(Photo.Length, PhotoImage.MaxBytes + 1L));
        await Photo.CopyToAsync(buffer, ct);
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An unreadable capacity becomes -1, which the profile rules refuse with their own message.</summary>
    public ConsultantInput ToInput(ReadOnlyMemory<byte>? photo = null) => new(
        DisplayName,
        Email,
        Phone,
        TimeZone,
        Bio,
        Split(Topics),
        Split(Languages),
        int.TryParse(MaxActiveMothers?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : -1,
        Published,
        photo,
        RemovePhoto);

    private static List<string> Split(string? text) =>
        text is null ? [] : [.. text.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>
/// What the shared form fields need: the values, the messages per field, whether the e-mail may change,
/// and where to preview her current photo (null while she has none).
/// </summary>
public sealed record ConsultantFormView(ConsultantForm Form, IReadOnlyDictionary<string, string> Errors, bool EmailReadOnly, IReadOnlyList<ZoneChoice> Zones, string? PhotoPreviewUrl = null)
{
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public static Dictionary<string, string> Messages(IStringLocalizer<ErrorText> errors, IReadOnlyDictionary<string, DomainError>? fieldErrors) =>
        fieldErrors?.ToDictionary(e => e.Key, e => errors.Message(e.Value)) ?? [];
}

public static class PhotoUpload
{
    /// <summary>
    /// The body limit of the pages that take a photo: the largest allowed photo plus the other fields and the
    /// multipart framing. A larger file is refused before it is read; up to this, the form explains what is wrong.
    /// </summary>
    public const int RequestLimit = PhotoImage.MaxBytes + (1024 * 1024);
}
