using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Portal;

/// <summary>
/// Which code the browser at /my/code is answering: the code's id, or for an unknown number a decoy that counts
/// its own wrong tries. It travels in an encrypted cookie, so the browser cannot tell the two apart.
/// </summary>
public sealed record SignInChallenge(Guid Id, bool IsDecoy, int DecoyAttempts, DateTime IssuedAt)
{
    public static SignInChallenge Real(Guid tokenId, DateTime now) => new(tokenId, false, 0, now);

    public static SignInChallenge Decoy(DateTime now) => new(Guid.CreateVersion7(), true, 0, now);
}

public sealed class SignInChallengeCookie(IDataProtectionProvider protection, IOptions<PortalOptions> options)
{
    public const string Name = "pc.signin";

    private readonly IDataProtector _protector = protection.CreateProtector("PeerConsult.Portal.SignInChallenge.v1");

    public SignInChallenge? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            return parts.Length == 4
                && Guid.TryParse(parts[1], out var id)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? new SignInChallenge(id, parts[0] == "d", attempts, new DateTime(ticks, DateTimeKind.Utc))
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Write(HttpContext http, SignInChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(challenge);
        var payload = string.Join('|', challenge.IsDecoy ? "d" : "r", challenge.Id.ToString("N"), challenge.DecoyAttempts.ToString(CultureInfo.InvariantCulture), challenge.IssuedAt.Ticks.ToString(CultureInfo.InvariantCulture));
        http.Response.Cookies.Append(Name, _protector.Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/my",
            IsEssential = true,

            // The server judges expiry by the code itself; the cookie only has to outlive it.
            MaxAge = options.Value.CodeLifetime * 2,
        });
    }

    public void Delete(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(Name, new CookieOptions { Path = "/my" });
    }
}
