using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PeerConsult.Web.Features.Portal;

/// <summary>
/// The secrets of password-less sign-in. Codes are short, so each is hashed with its own random salt (a stolen
/// table cannot be looked up in a precomputed list); link tokens carry 256 random bits, so a plain SHA-256 is
/// enough and lets the link be found by its hash.
/// </summary>
public static class SignInSecrets
{
    public const int CodeLength = 6;

    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    public static string HashCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var salt = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code)));
    }

    public static bool CodeMatches(string code, string stored)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(stored);
        var separator = stored.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var salt = Convert.FromBase64String(stored[..separator]);
        var expected = Convert.FromBase64String(stored[(separator + 1)..]);
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code)), expected);
    }

    /// <summary>"123 456", "123-456" → "123456"; null unless exactly six digits remain.</summary>
    public static string? CleanCode(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 20)
        {
            return null;
        }

        var digits = new string([.. input.Where(c => c is not (' ' or '-' or '\u00a0'))]);
        return digits.Length == CodeLength && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>32 random bytes, URL-safe (43 characters).</summary>
    public static string NewLinkToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashLink(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
