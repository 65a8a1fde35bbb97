using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Account;

/// <summary>Staff sign-in through POST /api/v1/auth/login.</summary>
public sealed class AuthTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task Login_RightPassword_200WithBearerToken()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = PeerConsultFactory.AdminEmail, password = PeerConsultFactory.AdminPassword });

        var json = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("accessToken").GetString()));
        Assert.Equal(3600, json.GetProperty("expiresIn").GetInt32());
    }

    [Fact]
    public async Task Login_WrongPassword_401InvalidCredentials()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = PeerConsultFactory.AdminEmail, password = "not-the-password" });

        Assert.Equal("invalid-credentials", await response.ExpectProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Login_UnknownEmail_401InvalidCredentials()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@test.local", password = PeerConsultFactory.AdminPassword });

        Assert.Equal("invalid-credentials", await response.ExpectProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockedOutEvenWithRightPassword()
    {
        // A consultant's account, so the administrator of this class's other tests stays usable.
        var consultant = await factory.CreateConsultantAsync();
        const string password = "consultant-password-1";
        await factory.SetPasswordAsync(consultant.Email, password);
        using var client = factory.CreateClient();

        var codes = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = consultant.Email, password = "wrong-password-" + i });
            codes.Add(await wrong.ExpectProblemAsync(HttpStatusCode.Unauthorized));
        }

        using var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = consultant.Email, password });

        Assert.Equal(["invalid-credentials", "invalid-credentials", "invalid-credentials", "invalid-credentials", "locked-out"], codes);
        Assert.Equal("locked-out", await right.ExpectProblemAsync(HttpStatusCode.Unauthorized));
    }
}
