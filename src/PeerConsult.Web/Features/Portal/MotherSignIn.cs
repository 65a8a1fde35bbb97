using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Portal;

public enum CodeRequestStatus
{
    /// <summary>Said whether or not the number is known: "if it is in our records, we sent a code".</summary>
    Sent,
    InvalidPhone,
    RateLimited,
}

public sealed record CodeRequestOutcome(CodeRequestStatus Status, SignInChallenge? Challenge);

public enum CodeCheckStatus
{
    SignedIn,
    Wrong,

    /// <summary>Not six digits: nothing is counted.</summary>
    BadFormat,

    /// <summary>That was the last wrong try.</summary>
    TooManyAttempts,

    /// <summary>Expired, used, superseded or locked: she asks for a new code.</summary>
    Spent,
}

public sealed record CodeCheck(CodeCheckStatus Status, int AttemptsLeft = 0, Guid? MotherId = null, SignInChallenge? Challenge = null);

/// <summary>Adds a one-use sign-in link for a mother; the caller saves it with the message that carries it.</summary>
public sealed class SignInLinkIssuer(AppDbContext db, IOptions<PortalOptions> options)
{
    public const string Path = "/my/link/";

    public string Issue(Guid motherId, DateTime now)
    {
        var token = SignInSecrets.NewLinkToken();
        db.MotherSignInTokens.Add(MotherSignInToken.Create(motherId, SignInTokenKind.Link, SignInSecrets.HashLink(token), now, options.Value.LinkLifetime));
        return options.Value.PublicBaseUrl.TrimEnd('/') + Path + token;
    }
}

/// <summary>
/// The mother's password-less sign-in: a code by message, typed at /my/code, or a one-use link. Nothing here says
/// whether a phone number belongs to a mother of the Center; unknown numbers get a decoy challenge that behaves
/// like a real one. Codes, phone numbers and names are never logged.
/// </summary>
public sealed class MotherSignInHandler(
    AppDbContext db,
    TimeProvider clock,
    IOptions<PortalOptions> options,
    PortalRateLimiter limiter,
    MessageComposer composer,
    SignInLinkIssuer links,
    UserManager<AppUser> users,
    ILogger<MotherSignInHandler> log)
{
    public const string CodeMessageKind = "mother.sign-in-code";

    private PortalOptions Options => options.Value;

    public async Task<CodeRequestOutcome> RequestCodeAsync(string? phoneInput, string? ip, CancellationToken ct)
    {
        if (!Phones.TryNormalize(phoneInput, out var phone))
        {
            return new CodeRequestOutcome(CodeRequestStatus.InvalidPhone, null);
        }

        if (!limiter.TryAcquire(ip, phone))
        {
            log.LogWarning("Sign-in code refused: too many requests from one address or for one number");
            return new CodeRequestOutcome(CodeRequestStatus.RateLimited, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var motherId = await db.Mothers.Where(m => m.Phone == phone).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(ct);
        if (motherId is not { } id)
        {
            log.LogInformation("Sign-in code asked for a number that is not in the records; nothing sent");
            return new CodeRequestOutcome(CodeRequestStatus.Sent, SignInChallenge.Decoy(now));
        }

        var windowStart = now - Options.PhoneWindow;
        if (await db.MotherSignInTokens.CountAsync(t => t.MotherId == id && t.Kind == SignInTokenKind.Code && t.CreatedAt > windowStart, ct) >= Options.MaxCodesPerPhone)
        {
            log.LogWarning("Sign-in code refused for mother {MotherId}: too many codes in the window", id);
            return new CodeRequestOutcome(CodeRequestStatus.RateLimited, null);
        }

        // Only the newest code works: an older message lying around stops being a way in.
        var older = await db.MotherSignInTokens.Where(t => t.MotherId == id && t.Kind == SignInTokenKind.Code && t.UsedAt == null && t.ExpiresAt > now).ToListAsync(ct);
        older.ForEach(t => t.Supersede(now));

        var code = SignInSecrets.NewCode();
        var token = MotherSignInToken.Create(id, SignInTokenKind.Code, SignInSecrets.HashCode(code), now, Options.CodeLifetime);
        db.MotherSignInTokens.Add(token);
        var link = links.Issue(id, now);
        var args = new Dictionary<string, string>
        {
            ["code"] = code,
            ["minutes"] = Times.Duration(Options.CodeLifetime, MessageComposer.DefaultCulture),
            ["link"] = link,
            ["linkHours"] = Times.Duration(Options.LinkLifetime, MessageComposer.DefaultCulture),
        };
        var body = composer.Compose(CodeMessageKind, args);
        db.OutboxMessages.Add(OutboxMessage.Create(CodeMessageKind, $"{CodeMessageKind}:{token.Id}", RecipientKind.Mother, id, null, ChannelRouter.Auto, body, now, args));
        await db.SaveChangesAsync(ct);
        log.LogInformation("Sign-in code {TokenId} queued for mother {MotherId}", token.Id, id);
        return new CodeRequestOutcome(CodeRequestStatus.Sent, SignInChallenge.Real(token.Id, now));
    }

    public async Task<CodeCheck> CheckCodeAsync(SignInChallenge? challenge, string? input, CancellationToken ct)
    {
        if (challenge is null)
        {
            return new CodeCheck(CodeCheckStatus.Spent);
        }

        var code = SignInSecrets.CleanCode(input);
        if (code is null)
        {
            return new CodeCheck(CodeCheckStatus.BadFormat, Challenge: challenge);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var max = Options.MaxCodeAttempts;
        if (challenge.IsDecoy)
        {
            // An unknown number: the same answers a real code would give, and no code can ever match.
            if (now >= challenge.IssuedAt + Options.CodeLifetime || challenge.DecoyAttempts >= max)
            {
                return new CodeCheck(CodeCheckStatus.Spent);
            }

            var next = challenge with { DecoyAttempts = challenge.DecoyAttempts + 1 };
            return next.DecoyAttempts >= max ? new CodeCheck(CodeCheckStatus.TooManyAttempts) : new CodeCheck(CodeCheckStatus.Wrong, max - next.DecoyAttempts, Challenge: next);
        }

        var token = await db.MotherSignInTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == challenge.Id && t.Kind == SignInTokenKind.Code, ct);
        if (token is null || token.UsedAt is not null || now >= token.ExpiresAt || token.Attempts >= max)
        {
            return new CodeCheck(CodeCheckStatus.Spent);
        }

        if (!SignInSecrets.CodeMatches(code, token.Hash))
        {
            // Compare-and-set: two guesses at once both count, and none slips past the limit.
            var counted = await db.MotherSignInTokens.Where(t => t.Id == token.Id && t.UsedAt == null && t.Attempts < max)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Attempts, t => t.Attempts + 1), ct);
            var attempts = await db.MotherSignInTokens.Where(t => t.Id == token.Id).Select(t => t.Attempts).SingleAsync(ct);
            log.LogInformation("Wrong sign-in code for token {TokenId} (attempt {Attempts})", token.Id, attempts);
            return counted == 0 ? new CodeCheck(CodeCheckStatus.Spent)
                : attempts >= max ? new CodeCheck(CodeCheckStatus.TooManyAttempts)
                : new CodeCheck(CodeCheckStatus.Wrong, max - attempts, Challenge: challenge);
        }

        return await ConsumeAsync(token.Id, now, ct) ? new CodeCheck(CodeCheckStatus.SignedIn, MotherId: token.MotherId) : new CodeCheck(CodeCheckStatus.Spent);
    }

    /// <summary>Whether a link can still sign her in (the GET shows a button, the POST redeems it).</summary>
    public async Task<bool> IsLinkUsableAsync(string? token, CancellationToken ct)
    {
        if (!LooksLikeLinkToken(token))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SignInSecrets.HashLink(token!);
        return await db.MotherSignInTokens.AnyAsync(t => t.Hash == hash && t.Kind == SignInTokenKind.Link && t.UsedAt == null && t.ExpiresAt > now, ct);
    }

    /// <summary>The mother the link signs in, once; null when it is unknown, expired or used.</summary>
    public async Task<Guid?> RedeemLinkAsync(string? token, CancellationToken ct)
    {
        if (!LooksLikeLinkToken(token))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SignInSecrets.HashLink(token!);
        var found = await db.MotherSignInTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.Kind == SignInTokenKind.Link && t.UsedAt == null && t.ExpiresAt > now)
            .Select(t => new { t.Id, t.MotherId })
            .SingleOrDefaultAsync(ct);
        return found is not null && await ConsumeAsync(found.Id, now, ct) ? found.MotherId : null;
    }

    /// <summary>Her portal account: made on the first sign-in (no password, an address that can receive no mail), role Mother.</summary>
    public async Task<AppUser?> AccountForAsync(Guid motherId, CancellationToken ct)
    {
        var mother = await db.Mothers.SingleAsync(m => m.Id == motherId, ct);
        if (mother.UserId is { } userId)
        {
            var existing = await users.FindByIdAsync(userId.ToString());
            if (existing is null)
            {
                log.LogWarning("Mother {MotherId} is linked to account {UserId}, which no longer exists", motherId, userId);
                return null;
            }

            if (!await users.IsInRoleAsync(existing, Roles.Mother))
            {
                Check(await users.AddToRoleAsync(existing, Roles.Mother));
            }

            return existing;
        }

        var handle = $"mother-{Guid.NewGuid():N}";
        var user = new AppUser
        {
            UserName = handle,

            // Identity wants a unique e-mail; ".invalid" is reserved (RFC 2606) and never delivers.
            Email = handle + "@mothers.invalid",
            DisplayName = mother.Name.Length > AppUser.DisplayNameMaxLength ? mother.Name[..AppUser.DisplayNameMaxLength] : mother.Name,
            TimeZone = mother.TimeZone,
        };
        Check(await users.CreateAsync(user));
        Check(await users.AddToRoleAsync(user, Roles.Mother));
        mother.LinkAccount(user.Id);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Portal account {UserId} created for mother {MotherId}", user.Id, motherId);
        return user;
    }

    private static bool LooksLikeLinkToken(string? token) => token is { Length: > 20 and <= 64 };

    /// <summary>Single use: only the request that flips UsedAt from null signs in.</summary>
    private async Task<bool> ConsumeAsync(Guid tokenId, DateTime now, CancellationToken ct)
    {
        var max = Options.MaxCodeAttempts;
        return await db.MotherSignInTokens
            .Where(t => t.Id == tokenId && t.UsedAt == null && t.ExpiresAt > now && t.Attempts < max)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct) == 1;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Mother account not created: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
