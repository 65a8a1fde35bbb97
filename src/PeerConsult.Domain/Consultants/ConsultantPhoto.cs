using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Consultants;

/// <summary>
/// A consultant's catalog photo, in its own table so that reading the catalog never loads image bytes.
/// Stored as uploaded: the format is checked by content, the image is not re-encoded.
/// </summary>
public sealed class ConsultantPhoto
{
    public const int ContentTypeMaxLength = 32;

    private ConsultantPhoto()
    {
    }

    /// <summary>Also the key: a consultant has at most one photo.</summary>
    public Guid ConsultantId { get; private set; }

    public string ContentType { get; private set; } = "";

#pragma warning disable CA1819 // The stored image as EF maps it (a BLOB); nothing mutates it after it is set.
    public byte[] Bytes { get; private set; } = [];
#pragma warning restore CA1819

    public DateTime UpdatedAt { get; private set; }

    public static ConsultantPhoto Create(Guid consultantId, PhotoImage image, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(image);
        var photo = new ConsultantPhoto { ConsultantId = consultantId };
        photo.Replace(image, now);
        return photo;
    }

    public void Replace(PhotoImage image, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(image);
        ContentType = image.ContentType;
        Bytes = image.Bytes.ToArray();
        UpdatedAt = Instants.RequireUtc(now, nameof(now));
    }
}

/// <summary>An uploaded image recognised by its first bytes (never by its file name or the browser's content type).</summary>
public sealed record PhotoImage
{
    /// <summary>2 MB: plenty for a face in a round 64-pixel avatar, small enough to serve on a phone.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PhotoImage(string contentType, ReadOnlyMemory<byte> bytes)
    {
        ContentType = contentType;
        Bytes = bytes;
    }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public static Result<PhotoImage> Create(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return DomainError.Of(ErrorCodes.PhotoTooBig, ("max", (MaxBytes / 1024 / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return Sniff(bytes.Span) is { } contentType
            ? new PhotoImage(contentType, bytes)
            : DomainError.Of(ErrorCodes.PhotoNotAnImage);
    }

    /// <summary>JPEG, PNG or WebP by their signatures; anything else (including an empty file) is not a photo.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Png) ? "image/png"
        : bytes.StartsWith(Jpeg) ? "image/jpeg"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;
}
