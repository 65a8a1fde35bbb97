using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Portal;

/// <summary>
/// A mother's browser as HTTP sees it: its own cookie jar, no automatic redirects, and forms posted with the
/// antiforgery token read from the page the way a browser gets it.
/// </summary>
public sealed partial class MotherClient : IDisposable
{
    public static readonly Uri Base = new("http://localhost");

    private readonly PeerConsultFactory _factory;

    public MotherClient(PeerConsultFactory factory)
    {
        _factory = factory;
        Client = factory.CreateDefaultClient(Base, new CookieContainerHandler(Jar));
    }

    public CookieContainer Jar { get; } = new();

    public HttpClient Client { get; }

    public bool SignedIn => Jar.GetCookies(Base)["pc.auth"] is { Value.Length: > 0 };

    /// <summary>The encrypted "which code am I answering" cookie, to replay it from elsewhere.</summary>
    public Cookie? Challenge => Jar.GetCookies(new Uri(Base, "/my/code"))[SignInChallengeCookie.Name];

    public async Task<string> GetPageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected} but got {(int)response.StatusCode}");
        return body;
    }

    /// <summary>POSTs a form; the token comes from <paramref name="formPage"/> (any form page of the same session will do).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formPage, params (string Name, string Value)[] fields)
    {
        var page = await GetPageAsync(formPage);
        var token = TokenInput().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {formPage}.");
        var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]);
        return await Client.PostAsync(path, content);
    }

    public Task<HttpResponseMessage> AskCodeAsync(string phone) => PostFormAsync("/my", "/my", ("phone", phone));

    /// <summary>Enters a code; the token is read from the sign-in form, which every anonymous session can open.</summary>
    public Task<HttpResponseMessage> EnterCodeAsync(string code) => PostFormAsync("/my/code", "/my", ("code", code));

    /// <summary>Asks for a code for <paramref name="phone"/> and reads it from the one new outbox message.</summary>
    public async Task<SentCode> AskAndReadCodeAsync(string phone, string? typed = null)
    {
        var before = await CodeMessageIdsAsync(_factory);
        using var response = await AskCodeAsync(typed ?? phone);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my/code", response.Headers.Location?.OriginalString);
        var body = await _factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == MotherSignInHandler.CodeMessageKind && !before.Contains(m.Id)).Select(m => m.Body).SingleAsync());
        return new SentCode(CodeInBody().Match(body).Groups[1].Value, LinkInBody().Match(body).Groups[1].Value, body);
    }

    /// <summary>A mother signed in through the code, as she would be.</summary>
    public static async Task<MotherClient> SignedInAsync(PeerConsultFactory factory, string phone)
    {
        var mother = new MotherClient(factory);
        var sent = await mother.AskAndReadCodeAsync(phone);
        using var answer = await mother.EnterCodeAsync(sent.Code);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return mother;
    }

    public static Task<List<Guid>> CodeMessageIdsAsync(PeerConsultFactory factory) =>
        factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == MotherSignInHandler.CodeMessageKind).Select(m => m.Id).ToListAsync());

    public static string OtherCode(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex(@"(?:код для входа|sign-in code): (\d{6})\.")]
    private static partial Regex CodeInBody();

    [GeneratedRegex(@"/my/link/([A-Za-z0-9_-]+)")]
    private static partial Regex LinkInBody();
}

public sealed record SentCode(string Code, string LinkToken, string Body);
