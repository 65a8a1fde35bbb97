using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>E-mail through MailKit against an SMTP server the test starts: what arrives, and what each refusal leads to.</summary>
public sealed class EmailChannelTests
{
    [Fact]
    public async Task Dispatch_MotherWithEmail_ArrivesSignedInWithTextAndHtmlBodies()
    {
        await using var smtp = new FakeSmtpServer();
        using var factory = EmailFactory(smtp);
        var request = await factory.SubmitRequestAsync();
        var id = await InsertAsync(factory, RecipientKind.Mother, request.Id, "Анна, здравствуйте!\nВаш код: 123456. Войти: https://center.example/my/link?t=a&b=1");

        Assert.Equal(1, await factory.DispatchAsync());

        var mail = Assert.Single(smtp.Received);
        Assert.Equal(("center", "noreply@center.example", "anna@example.org"), (mail.User, mail.From, string.Join(",", mail.To)));
        using var parsed = Parse(mail);
        Assert.Equal("Центр поддержки мам: сообщение", parsed.Subject);
        Assert.Equal("anna@example.org", Assert.Single(parsed.To.Mailboxes).Address);
        Assert.StartsWith("Анна, здравствуйте!\nВаш код: 123456.", parsed.TextBody?.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<p>Анна, здравствуйте!</p>", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://center.example/my/link?t=a&amp;b=1\">", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(("sent", "email"), await StateAsync(factory, id));
    }

    [Fact]
    public async Task Dispatch_AdministratorsNotice_MailToTheAdministratorWithTheKindsSubject()
    {
        await using var smtp = new FakeSmtpServer();
        using var factory = EmailFactory(smtp);
        await InsertAsync(factory, RecipientKind.Administrators, null, "Заявка просрочена.", kind: "admin.overdue");

        await factory.DispatchAsync();

        var mail = Assert.Single(smtp.Received);
        Assert.Equal([PeerConsultFactory.AdminEmail], mail.To);
        using var parsed = Parse(mail);
        Assert.Equal("Заявка просрочена", parsed.Subject);
    }

    [Fact]
    public async Task Dispatch_MailboxDoesNotExist_PermanentSoTheManualListTakesOverWithoutTheAddressInTheNote()
    {
        await using var smtp = new FakeSmtpServer();
        smtp.Refuse("anna@example.org", "550 5.1.1 <anna@example.org>: Recipient address rejected: User unknown");
        using var factory = EmailFactory(smtp);
        var request = await factory.SubmitRequestAsync();
        var id = await InsertAsync(factory, RecipientKind.Mother, request.Id, "Текст");

        await factory.DispatchAsync();
        await factory.DispatchAsync();

        Assert.Empty(smtp.Received);
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel, m.FallbackNote }).SingleAsync());
        Assert.Equal((OutboxStatus.Manual, "manual"), (state.Status, state.Channel));
        Assert.Equal("email: smtp 550 recipient not accepted", state.FallbackNote);
    }

    [Fact]
    public async Task Dispatch_TryLaterOrServerDown_RetriedWithBackoffThenSent()
    {
        await using var smtp = new FakeSmtpServer();
        smtp.Refuse("anna@example.org", "451 4.3.0 Try again later");
        using var factory = EmailFactory(smtp);
        var request = await factory.SubmitRequestAsync();
        var id = await InsertAsync(factory, RecipientKind.Mother, request.Id, "Текст");

        await factory.DispatchAsync();
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.LastError, m.NextAttemptAt }).SingleAsync());
        Assert.Equal((OutboxStatus.Pending, "smtp 451 recipient not accepted"), (state.Status, state.LastError));
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), state.NextAttemptAt);

        smtp.Accept("anna@example.org");
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Single(smtp.Received);
        Assert.Equal(("sent", "email"), await StateAsync(factory, id));
    }

    [Fact]
    public async Task Dispatch_NoServerListening_RetriedLater()
    {
        int closedPort;
        await using (var gone = new FakeSmtpServer())
        {
            closedPort = gone.Port;
        }

        using var factory = PeerConsultFactory.With(Settings(closedPort, "center", "smtp-secret"));
        var request = await factory.SubmitRequestAsync();
        var id = await InsertAsync(factory, RecipientKind.Mother, request.Id, "Текст");

        await factory.DispatchAsync();

        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel, m.LastError }).SingleAsync());
        Assert.Equal((OutboxStatus.Pending, "email"), (state.Status, state.Channel));
        Assert.StartsWith("smtp connection: ", state.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_WrongCredentials_RetriedNotDeadAndNothingSent()
    {
        await using var smtp = new FakeSmtpServer();
        using var factory = PeerConsultFactory.With(Settings(smtp.Port, "center", "wrong"));
        var request = await factory.SubmitRequestAsync();
        var id = await InsertAsync(factory, RecipientKind.Mother, request.Id, "Текст");

        await factory.DispatchAsync();

        Assert.Empty(smtp.Received);
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.LastError }).SingleAsync());
        Assert.Equal((OutboxStatus.Pending, "smtp authentication failed"), (state.Status, state.LastError));
    }

    [Fact]
    public void Start_EmailEnabledWithoutHost_RefusesToStartWithTheSetting()
    {
        using var factory = PeerConsultFactory.With(("Email:Enabled", "true"), ("Email:FromAddress", "noreply@center.example"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("Email:Host", error.Message, StringComparison.Ordinal);
    }

    private static PeerConsultFactory EmailFactory(FakeSmtpServer smtp) => PeerConsultFactory.With(Settings(smtp.Port, smtp.User, smtp.Password));

    internal static (string, string?)[] Settings(int port, string user, string password) =>
    [
        ("Email:Enabled", "true"),
        ("Email:Host", "127.0.0.1"),
        ("Email:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Email:Security", "None"),
        ("Email:UserName", user),
        ("Email:Password", password),
        ("Email:FromAddress", "noreply@center.example"),
        ("Email:Timeout", "00:00:05"),
    ];

    internal static MimeMessage Parse(ReceivedMail mail) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)));

    private static async Task<(string Status, string Channel)> StateAsync(PeerConsultFactory factory, Guid id)
    {
        var state = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => new { m.Status, m.Channel }).SingleAsync());
        return (state.Status.ToString().ToLowerInvariant(), state.Channel);
    }

    private static Task<Guid> InsertAsync(PeerConsultFactory factory, RecipientKind recipient, Guid? requestId, string body, string kind = "mother.test") => factory.WithDbAsync(async db =>
    {
        Guid? recipientId = requestId is { } rid && recipient == RecipientKind.Mother ? await db.Requests.Where(r => r.Id == rid).Select(r => r.MotherId).SingleAsync() : null;
        var message = OutboxMessage.Create(kind, $"test:{Guid.CreateVersion7()}", recipient, recipientId, requestId, ChannelRouter.Auto, body, factory.Clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });
}
