using System.Net;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Portal;

/// <summary>R8.1, R8.2: on /my the mother asks for another consultant; the administrator is told and sees it on the request.</summary>
public sealed class ConsultantChangeTests
{
    [Fact]
    public async Task AskForChosenConsultant_AdminTold_HistoryLine_PreferenceSet_ConfirmationShown()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var awaiting = await factory.AwaitingMotherContactAsync(admin);
        var other = await factory.CreateConsultantAsync(admin);
        using var mother = await MotherClient.SignedInAsync(factory, awaiting.Phone);

        var page = await mother.GetPageAsync("/my");
        Assert.Contains("Сменить консультанта", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{other.Id}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{awaiting.Consultant.Id}\"", page, StringComparison.Ordinal);

        using var response = await mother.PostFormAsync("/my?handler=Change", "/my", ("ChangeTo", other.Id.ToString()), ("ChangeNote", "не можем подобрать время"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my", response.Headers.Location?.OriginalString);
        var after = WebUtility.HtmlDecode(await mother.GetPageAsync("/my"));
        Assert.Contains("Администратор подтвердит смену консультанта и напишет вам.", after, StringComparison.Ordinal);

        var message = Assert.Single(await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == ConsultantChangeHandler.AdminKind).ToListAsync()));
        Assert.Equal(awaiting.Request.Id, message.RequestId);
        Assert.Contains(awaiting.Request.Number, message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("подобрать время", message.Body, StringComparison.Ordinal);

        var json = await admin.GetRequestAsync(awaiting.Request.Id);
        Assert.Equal(other.Id.ToString(), json.Str("preferredConsultantId"));
        var line = Assert.Single(json.GetProperty("history").EnumerateArray(), h => h.Str("kind") == "ConsultantChangeRequested");
        Assert.Equal("mother", line.Str("actor"));
        Assert.Equal(other.Id.ToString(), line.GetProperty("data").Str("preferredConsultantId"));
        Assert.Equal("не можем подобрать время", line.GetProperty("data").Str("note"));

        // The administrator sees what she asked at the top of the actions, and her choice preselected.
        var adminPage = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/requests/{awaiting.Request.Id}"));
        Assert.Contains("Мама просит сменить консультанта: она выбрала", adminPage, StringComparison.Ordinal);
        Assert.Contains("Её пояснение: «не можем подобрать время»", adminPage, StringComparison.Ordinal);
        Assert.Contains($"value=\"{other.Id}\" selected=\"selected\"", adminPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskTwiceTheSameDay_OneAdminMessage_TwoHistoryLines_AdministratorChooses()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var awaiting = await factory.AwaitingMotherContactAsync(admin);
        using var mother = await MotherClient.SignedInAsync(factory, awaiting.Phone);

        using (var first = await mother.PostFormAsync("/my?handler=Change", "/my", ("ChangeTo", ""), ("ChangeNote", "")))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using (var second = await mother.PostFormAsync("/my?handler=Change", "/my", ("ChangeTo", ""), ("ChangeNote", "не подошёл консультант")))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ConsultantChangeHandler.AdminKind)));
        var json = await admin.GetRequestAsync(awaiting.Request.Id);
        Assert.Null(json.Str("preferredConsultantId"));
        Assert.Equal(2, json.GetProperty("history").EnumerateArray().Count(h => h.Str("kind") == "ConsultantChangeRequested"));
    }

    [Fact]
    public async Task AskForHerOwnConsultant_FormErrorShown_NothingRecorded()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var awaiting = await factory.AwaitingMotherContactAsync(admin);
        using var mother = await MotherClient.SignedInAsync(factory, awaiting.Phone);

        using var response = await mother.PostFormAsync("/my?handler=Change", "/my", ("ChangeTo", awaiting.Consultant.Id.ToString()), ("ChangeNote", ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"change-to-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ConsultantChangeHandler.AdminKind)));
    }
}
