using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Account;

public static class AuthApi
{
    public sealed record LoginBody(string? Email, string? Password);

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous().WithTags("Auth").WithName("Login");
        return api;
    }

    /// <summary>
    /// Staff sign in with e-mail and password and get a bearer token: {tokenType, accessToken, expiresIn, refreshToken}.
    /// Repeated failures lock the account (Identity lockout), and the answer never says which part was wrong.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(
        LoginBody body, SignInManager<AppUser> signIn, IStringLocalizer<ErrorText> text)
    {
        var user = string.IsNullOrWhiteSpace(body.Email) ? null : await signIn.UserManager.FindByEmailAsync(body.Email.Trim());
        if (user is null || string.IsNullOrEmpty(body.Password))
        {
            return Unauthorized(text, ErrorCodes.InvalidCredentials);
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(user, body.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Unauthorized(text, ErrorCodes.LockedOut);
        }

        // On success the bearer handler has already written the token as the response body.
        return result.Succeeded ? TypedResults.Empty : Unauthorized(text, ErrorCodes.InvalidCredentials);
    }

    private static ProblemHttpResult Unauthorized(IStringLocalizer<ErrorText> text, string code) =>
        TypedResults.Problem(detail: text.Message(DomainError.Of(code)), statusCode: StatusCodes.Status401Unauthorized, title: code, extensions: new Dictionary<string, object?> { ["code"] = code });
}
