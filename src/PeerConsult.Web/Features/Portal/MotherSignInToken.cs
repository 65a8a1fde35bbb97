namespace PeerConsult.Web.Features.Portal;

public enum SignInTokenKind
{
    /// <summary>Six digits she types at /my/code; a few wrong tries end it.</summary>
    Code,

    /// <summary>A long random token in a link from a message (/my/link/{token}).</summary>
    Link,
}

/// <summary>
/// One way for a mother to sign in once, without a password: a short code or a link. Only a hash is stored,
/// so a copy of the database signs no one in. Single use: <see cref="UsedAt"/> is set by a compare-and-set.
/// </summary>
public sealed class MotherSignInToken
{
    public const int HashMaxLength = 128;

    private MotherSignInToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid MotherId { get; private set; }

    public SignInTokenKind Kind { get; private set; }

    /// <summary>Codes: "salt:HMAC-SHA256(salt, code)"; links: SHA-256 of the token (looked up by it).</summary>
    public string Hash { get; private set; } = "";

    public DateTime ExpiresAt { get; private set; }

    /// <summary>Wrong codes typed against this one.</summary>
    public int Attempts { get; private set; }

    public DateTime? UsedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static MotherSignInToken Create(Guid motherId, SignInTokenKind kind, string hash, DateTime now, TimeSpan lifetime) => new()
    {
        Id = Guid.CreateVersion7(),
        MotherId = motherId,
        Kind = kind,
        Hash = hash,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
    };

    /// <summary>A newer code replaces this one: the older message stops working at once.</summary>
    public void Supersede(DateTime now)
    {
        if (UsedAt is null && ExpiresAt > now)
        {
            ExpiresAt = now;
        }
    }
}
