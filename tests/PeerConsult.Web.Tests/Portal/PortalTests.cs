using System.Net;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Portal;

/// <summary>What a signed-in mother sees at /my, and what she cannot see.</summary>
public sealed class PortalTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task My_SignedOut_ShowsThePhoneForm()
    {
        using var visitor = new MotherClient(factory);

        var page = await visitor.GetPageAsync("/my");

        Assert.Contains("Вход для мам", page, StringComparison.Ordinal);
        Assert.Contains("type=\"tel\" id=\"phone\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_TwoMothers_EachSeesOnlyHerOwnRequest()
    {
        var phoneA = PeerConsultFactory.NewPhone();
        var phoneB = PeerConsultFactory.NewPhone();
        var a = await factory.SubmitRequestAsync(phoneA);
        var b = await factory.SubmitRequestAsync(phoneB);
        using var motherA = await MotherClient.SignedInAsync(factory, phoneA);
        using var motherB = await MotherClient.SignedInAsync(factory, phoneB);

        var pageA = await motherA.GetPageAsync("/my");
        var pageB = await motherB.GetPageAsync("/my");

        Assert.Contains(a.Number, pageA, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Number, pageA, StringComparison.Ordinal);
        Assert.Contains(b.Number, pageB, StringComparison.Ordinal);
        Assert.DoesNotContain(a.Number, pageB, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_AsMother_SentToDenied()
    {
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var mother = await MotherClient.SignedInAsync(factory, phone);

        using var response = await mother.Client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_NewRequest_AdministratorsDeadlineInHerZone()
    {
        // Its own app, so its clock stands at the start whatever the other tests of this class did to theirs.
        using var own = new PeerConsultFactory();
        var phone = PeerConsultFactory.NewPhone();
        var request = await own.SubmitRequestAsync(phone);
        using var mother = await MotherClient.SignedInAsync(own, phone);

        var page = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));

        // Submitted at 2 March 09:00 UTC; the administrator has 24 hours; she lives in Moscow.
        Assert.Contains(request.Number, page, StringComparison.Ordinal);
        Assert.Contains("Администратор Центра свяжется с вами до 03.03.2026 12:00 (Europe/Moscow, UTC+3).", page, StringComparison.Ordinal);
        Assert.Contains("Бесплатные консультации равного консультанта вам доступны.", page, StringComparison.Ordinal);
        Assert.Contains("не медленнее 2 Мбит/с", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_ConsultantContactSent_ShowsHerConsultantAndTheTimeToWriteBy()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var awaiting = await factory.AwaitingMotherContactAsync(admin);
        using var mother = await MotherClient.SignedInAsync(factory, awaiting.Phone);

        var page = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));

        Assert.Contains(awaiting.Request.Number, page, StringComparison.Ordinal);
        Assert.Matches(@"Ваш консультант — Консультант \d+, \+7 916 555-\d\d-\d\d\. Напишите ей, пожалуйста, до \d\d\.\d\d\.\d{4} \d\d:\d\d \(Europe/Moscow, UTC\+3\)\.", page);
        // She books the meeting herself now that she has her consultant's contact.
        Assert.Contains("Встреча пока не назначена.", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/my/book\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_ClosedForNoContact_PaidServicesExplainedAndNoNewRequestButton()
    {
        using var admin = await factory.CreateAdminClientAsync();
        var awaiting = await factory.AwaitingMotherContactAsync(admin);
        factory.Clock.Advance(TimeSpan.FromHours(48));
        await factory.SweepAsync();
        using var mother = await MotherClient.SignedInAsync(factory, awaiting.Phone);

        var page = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));

        Assert.Contains("Сейчас у вас нет открытой заявки", page, StringComparison.Ordinal);
        Assert.Contains("связаться с ней не получилось за 48 часов", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/paid-services\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"button\" href=\"/request\"", page, StringComparison.Ordinal);
    }
}
