using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PeerConsult.Web.Features.ConsultantDesk;

/// <summary>
/// The secret in a consultant's calendar subscription address. Only its SHA-256 is stored: 256 random bits need no
/// salt, and the row is found by the hash. A new token replaces the old one, so a leaked address can be cut off.
/// </summary>
public sealed class ConsultantCalendarToken
{
    public const int HashLength = 64;

    private ConsultantCalendarToken()
    {
    }

    public Guid ConsultantId { get; private set; }

    public string Hash { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public static (ConsultantCalendarToken Row, string Token) Issue(Guid consultantId, DateTime now)
    {
        var token = NewToken();
        return (new ConsultantCalendarToken { ConsultantId = consultantId, Hash = HashOf(token), CreatedAt = now }, token);
    }

    /// <summary>Replaces the secret; the old address stops working at once.</summary>
    public string Reset(DateTime now)
    {
        var token = NewToken();
        Hash = HashOf(token);
        CreatedAt = now;
        return token;
    }

    public static string HashOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
