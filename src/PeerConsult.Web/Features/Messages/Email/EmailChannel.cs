using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages.Email;

/// <summary>
/// E-mail through the Center's SMTP account with MailKit: every message has a plain-text and an HTML body. SMTP's own
/// answer decides what happens next: 5xx (no such mailbox, refused) is permanent — the next channel takes over —
/// and 4xx or a broken connection is tried again later. Errors are stored without the server's text, which often
/// repeats the address.
/// </summary>
public sealed partial class EmailChannel(
    IOptions<EmailOptions> options,
    IOptions<CenterOptions> center,
    IStringLocalizer<MessageText> text,
    IStringLocalizer<PortalText> portalText,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<EmailChannel> log) : IMessageChannel
{
    public const string ChannelName = "email";

    public string Name => ChannelName;

    public bool CanReach(RecipientKind recipient, RecipientAddress address) => address is { Emails.Count: > 0 };

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, RecipientAddress address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(address);
        if (address.Emails.Count == 0)
        {
            return DeliveryResult.GiveUp("email: no address");
        }

        var o = options.Value;
        var calendar = message.MeetingId is { } meetingId ? await CalendarAsync(message, meetingId, address.Emails, ct) : null;
        using var mail = Compose(message, address.Emails, calendar);
        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(o.Host, o.Port, o.Security, ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await smtp.AuthenticateAsync(new NetworkCredential(o.UserName, o.Password), ct);
            }

            await smtp.SendAsync(mail, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            return DeliveryResult.Ok;
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            log.LogWarning("E-mail for message {MessageId} refused: SMTP {Status} ({Error})", message.Id, code, ex.ErrorCode);
            var error = $"smtp {code} {ex.ErrorCode switch { SmtpErrorCode.RecipientNotAccepted => "recipient not accepted", SmtpErrorCode.SenderNotAccepted => "sender not accepted", SmtpErrorCode.MessageNotAccepted => "message not accepted", _ => "error" }}";
            return code >= 500 ? DeliveryResult.GiveUp(error) : DeliveryResult.Retry(error);
        }
        catch (AuthenticationException)
        {
            // The Center's credentials, not her address: retrying lets an administrator fix the configuration meanwhile.
            log.LogError("E-mail for message {MessageId}: the SMTP server refused the Center's credentials", message.Id);
            return DeliveryResult.Retry("smtp authentication failed");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException or SslHandshakeException)
        {
            log.LogWarning("E-mail for message {MessageId} not sent: {Failure}", message.Id, ex.GetType().Name);
            return DeliveryResult.Retry("smtp connection: " + ex.GetType().Name);
        }
    }

    public MimeMessage Compose(OutboxMessage message, IReadOnlyList<string> to, CalendarEntry? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(to);
        var o = options.Value;
        var centerName = center.Value.Name;
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(string.IsNullOrEmpty(o.FromName) ? centerName : o.FromName, o.FromAddress));

        // Several administrators get one message without seeing each other's addresses.
        var recipients = to.Select(MailboxAddress.Parse).ToList();
        if (recipients.Count == 1)
        {
            mail.To.Add(recipients[0]);
        }
        else
        {
            mail.To.Add(new MailboxAddress(centerName, o.FromAddress));
            mail.Bcc.AddRange(recipients);
        }

        mail.Subject = Subject(message.Kind, centerName);
        mail.MessageId = MimeUtils.GenerateMessageId(o.FromAddress.Split('@')[1]);
        var body = new BodyBuilder
        {
            TextBody = message.Body + "\n\n— " + centerName,
            HtmlBody = Html(message.Body, centerName),
        };
        if (calendar is { Invitation: { } invitation })
        {
            // text/calendar with the iTIP method in its type is what mail clients show as "add / update / remove".
            var type = new ContentType("text", "calendar") { Charset = "utf-8" };
            type.Parameters.Add("method", invitation.Cancel ? "CANCEL" : "REQUEST");
            body.Attachments.Add(invitation.Cancel ? "cancel.ics" : "meeting.ics", Encoding.UTF8.GetBytes(MeetingCalendar.Ics(calendar)), type);
        }

        mail.Body = body.ToMessageBody();
        return mail;
    }

    /// <summary>
    /// The meeting as it is when the mail leaves: a cancellation carries METHOD:CANCEL, anything else a request for the
    /// current time — or nothing, if the meeting is no longer on (a later cancellation mail removes it). SEQUENCE is
    /// the number of changes so far, so every move and the cancellation outrank what was sent before.
    /// </summary>
    private async Task<CalendarEntry?> CalendarAsync(OutboxMessage message, Guid meetingId, IReadOnlyList<string> to, CancellationToken ct)
    {
        if (to.Count != 1)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId)
            .Select(m => new { m.Start, m.End, m.Status, Changes = m.Changes.Count })
            .SingleOrDefaultAsync(ct);
        var cancel = message.Kind == MeetingActionsHandler.CancelledKind;
        if (meeting is null || (!cancel && meeting.Status != MeetingStatus.Scheduled))
        {
            return null;
        }

        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = MessageComposer.DefaultCulture;
        try
        {
            var (summary, description) = message.Recipient == RecipientKind.Mother
                ? (portalText["Ics.Summary"].Value, portalText["Ics.Description"].Value)
                : (string.Format(CultureInfo.InvariantCulture, text["Ics.Consultant.Summary"].Value, message.Args().GetValueOrDefault("number", "")), text["Ics.Consultant.Description"].Value);
            var o = options.Value;
            var invitation = new CalendarInvitation(cancel, meeting.Changes, o.FromAddress, string.IsNullOrEmpty(o.FromName) ? center.Value.Name : o.FromName, to[0]);
            return new CalendarEntry(meetingId, meeting.Start, meeting.End, summary, description, clock.GetUtcNow().UtcDateTime, invitation);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>In the language the body was written in (Russian), whatever culture the dispatching thread has.</summary>
    private string Subject(string kind, string centerName)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = MessageComposer.DefaultCulture;
        try
        {
            var subject = text["Email.Subject." + kind];
            return subject.ResourceNotFound ? string.Format(CultureInfo.InvariantCulture, text["Email.Subject"].Value, centerName) : subject.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The same words as HTML: encoded, paragraphs kept, addresses as links.</summary>
    public static string Html(string body, string centerName)
    {
        ArgumentNullException.ThrowIfNull(body);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"></head>");
        html.Append("<body style=\"font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1f2933;max-width:36em\">");
        foreach (var paragraph in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(Link().Replace(WebUtility.HtmlEncode(paragraph), m => $"<a href=\"{m.Value}\">{m.Value}</a>")).Append("</p>");
        }

        html.Append("<p style=\"color:#52606d\">— ").Append(WebUtility.HtmlEncode(centerName)).Append("</p></body></html>");
        return html.ToString();
    }

    // Matched on the encoded text, so an address never carries markup into the href.
    [GeneratedRegex(@"https?://[^\s<>""]+[^\s<>"".,;:!?)]")]
    private static partial Regex Link();
}
