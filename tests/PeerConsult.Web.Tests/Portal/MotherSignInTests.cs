using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Portal;

/// <summary>The mother's password-less sign-in at /my: a code by message, typed at /my/code, or a one-use link.</summary>
public sealed partial class MotherSignInTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task AskCode_UnknownPhone_SameAnswerAsKnownAndNothingQueued()
    {
        var known = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(known);
        var unknown = PeerConsultFactory.NewPhone();
        using var knownMother = new MotherClient(factory);
        using var stranger = new MotherClient(factory);
        var before = await MotherClient.CodeMessageIdsAsync(factory);

        using var knownAnswer = await knownMother.AskCodeAsync(known);
        using var unknownAnswer = await stranger.AskCodeAsync(unknown);
        var knownPage = await knownMother.GetPageAsync("/my/code");
        var unknownPage = await stranger.GetPageAsync("/my/code");

        Assert.Equal(HttpStatusCode.Redirect, unknownAnswer.StatusCode);
        Assert.Equal(knownAnswer.Headers.Location, unknownAnswer.Headers.Location);
        Assert.Contains("Если этот номер есть у нас, мы отправили на него сообщение с кодом", unknownPage, StringComparison.Ordinal);
        Assert.Equal(WithoutTokens(knownPage), WithoutTokens(unknownPage));
        var after = await MotherClient.CodeMessageIdsAsync(factory);
        Assert.Single(after.Except(before));

        // A wrong code reads the same whether or not the number is known.
        using var wrongKnown = await knownMother.EnterCodeAsync("000000");
        using var wrongUnknown = await stranger.EnterCodeAsync("000000");
        Assert.Contains("Неверный код, осталось 4 попытки.", await wrongUnknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(WithoutTokens(await wrongKnown.Content.ReadAsStringAsync()), WithoutTokens(await wrongUnknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AskCode_KnownPhoneAsTyped_OneMessage_CorrectCodeSignsInAsMother()
    {
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);

        // As she would type it: "8 (916) 555-12-34".
        var typed = $"8 ({phone[2..5]}) {phone[5..8]}-{phone[8..10]}-{phone[10..]}";
        var sent = await mother.AskAndReadCodeAsync(phone, typed);
        using var answer = await mother.EnterCodeAsync(sent.Code);

        Assert.Matches(@"^\d{6}$", sent.Code);
        Assert.StartsWith("Ваш код для входа: " + sent.Code + ". Он действует 10 мин. Никому его не сообщайте.", sent.Body, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5080/my/link/" + sent.LinkToken, sent.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/my", answer.Headers.Location?.OriginalString);
        Assert.True(mother.SignedIn);
        var portal = await mother.GetPageAsync("/my");
        Assert.Contains(request.Number, portal, StringComparison.Ordinal);

        // Her account: role Mother, no password, linked to her record; the code is stored only as a hash.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = await db.Mothers.SingleAsync(m => m.Phone == phone);
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(record.UserId!.Value.ToString());
        Assert.NotNull(user);
        Assert.StartsWith("mother-", user.UserName, StringComparison.Ordinal);
        Assert.Null(user.PasswordHash);
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().IsInRoleAsync(user, Roles.Mother));
        var tokens = await db.MotherSignInTokens.Where(t => t.MotherId == record.Id).ToListAsync();
        Assert.All(tokens, t => Assert.DoesNotContain(sent.Code, t.Hash, StringComparison.Ordinal));
        Assert.NotNull(Assert.Single(tokens, t => t.Kind == SignInTokenKind.Code).UsedAt);
    }

    [Fact]
    public async Task EnterCode_FiveWrong_LockedEvenForTheRightCode_NewCodeWorks()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);
        var sent = await mother.AskAndReadCodeAsync(phone);
        var challenge = mother.Challenge!;

        var messages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await mother.EnterCodeAsync(MotherClient.OtherCode(sent.Code));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            messages.Add(FirstAlert(await wrong.Content.ReadAsStringAsync()));
        }

        // Even with the challenge cookie put back, the locked code does not sign her in.
        mother.Jar.Add(challenge);
        using var right = await mother.EnterCodeAsync(sent.Code);

        Assert.Equal(
            ["Неверный код, осталось 4 попытки.", "Неверный код, осталось 3 попытки.", "Неверный код, осталось 2 попытки.", "Неверный код, осталась 1 попытка.", "Неверный код, и попытки закончились. Запросите новый код."],
            messages);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Этот код больше не действует", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(mother.SignedIn);

        var fresh = await mother.AskAndReadCodeAsync(phone);
        using var signedIn = await mother.EnterCodeAsync(fresh.Code);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(mother.SignedIn);
    }

    [Fact]
    public async Task EnterCode_AfterTenMinutes_Refused()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);
        var sent = await mother.AskAndReadCodeAsync(phone);

        factory.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromTicks(1));
        using var late = await mother.EnterCodeAsync(sent.Code);

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("Этот код больше не действует", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(mother.SignedIn);
    }

    [Fact]
    public async Task EnterCode_UsedOnce_ReplayedFromAnotherBrowser_Refused()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);
        var sent = await mother.AskAndReadCodeAsync(phone);
        var challenge = mother.Challenge!;
        using var first = await mother.EnterCodeAsync(sent.Code);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var other = new MotherClient(factory);
        other.Jar.Add(challenge);
        using var again = await other.EnterCodeAsync(sent.Code);

        Assert.Contains("Этот код больше не действует", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(other.SignedIn);
    }

    [Fact]
    public async Task AskCode_NewCode_OlderOneStopsWorking()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);
        var older = await mother.AskAndReadCodeAsync(phone);
        var olderChallenge = mother.Challenge!;
        await mother.AskAndReadCodeAsync(phone);

        mother.Jar.Add(olderChallenge);
        using var answer = await mother.EnterCodeAsync(older.Code);

        Assert.Contains("Этот код больше не действует", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(mother.SignedIn);
    }

    [Fact]
    public async Task AskCode_FourthWithinAnHour_RefusedWithMessageAndNothingSent()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = new MotherClient(factory);
        for (var i = 0; i < 3; i++)
        {
            await mother.AskAndReadCodeAsync(phone);
        }

        var before = await MotherClient.CodeMessageIdsAsync(factory);
        using var fourth = await mother.AskCodeAsync(phone);

        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.Contains("Слишком много запросов кода за короткое время, поэтому мы ничего не отправили. Подождите 1 час", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Count, (await MotherClient.CodeMessageIdsAsync(factory)).Count);
    }

    [Fact]
    public async Task AskCode_BadPhone_FieldErrorAndNothingSent()
    {
        using var mother = new MotherClient(factory);
        var before = await MotherClient.CodeMessageIdsAsync(factory);

        using var answer = await mother.AskCodeAsync("12345");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("id=\"phone-error\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Count, (await MotherClient.CodeMessageIdsAsync(factory)).Count);
    }

    [Fact]
    public async Task Link_OpenedAndPressed_SignsInOnce()
    {
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        using var asker = new MotherClient(factory);
        var sent = await asker.AskAndReadCodeAsync(phone);
        var path = "/my/link/" + sent.LinkToken;

        // Opening the link (as a messenger's preview would) spends nothing; the button does.
        using var mother = new MotherClient(factory);
        var page = await mother.GetPageAsync(path);
        Assert.Contains("Войти в кабинет", page, StringComparison.Ordinal);
        using var pressed = await mother.PostFormAsync(path, path);
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        Assert.Equal("/my", pressed.Headers.Location?.OriginalString);
        Assert.Contains(request.Number, await mother.GetPageAsync("/my"), StringComparison.Ordinal);

        using var other = new MotherClient(factory);
        var second = await other.GetPageAsync(path);
        Assert.Contains("Эта ссылка больше не действует", second, StringComparison.Ordinal);
        using var replay = await other.PostFormAsync(path, "/my");
        Assert.Contains("Эта ссылка больше не действует", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(other.SignedIn);
    }

    [Fact]
    public async Task Link_AfterADay_Refused()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var asker = new MotherClient(factory);
        var sent = await asker.AskAndReadCodeAsync(phone);

        factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromTicks(1));
        using var mother = new MotherClient(factory);
        using var pressed = await mother.PostFormAsync("/my/link/" + sent.LinkToken, "/my");

        Assert.Contains("Эта ссылка больше не действует", await pressed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(mother.SignedIn);
    }

    [Fact]
    public async Task AskCode_PerAddressLimit_RefusedForAnyNumber()
    {
        using var limited = PeerConsultFactory.With(("Portal:PerIpPermitLimit", "2"));
        using var mother = new MotherClient(limited);
        using var first = await mother.AskCodeAsync(PeerConsultFactory.NewPhone());
        using var second = await mother.AskCodeAsync(PeerConsultFactory.NewPhone());

        using var third = await mother.AskCodeAsync(PeerConsultFactory.NewPhone());

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Contains("Слишком много запросов кода", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string WithoutTokens(string html) => AntiforgeryValue().Replace(html, "value=\"token\"");

    private static string FirstAlert(string html)
    {
        var match = AlertText().Match(html);
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value).Trim();
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("id=\"code-error\" role=\"alert\">([^<]*)<|class=\"alert alert-error\" role=\"alert\">([^<]*)<")]
    private static partial Regex AlertText();
}
