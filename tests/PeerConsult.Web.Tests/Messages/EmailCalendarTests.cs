using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>E-mails about a meeting carry it as an iCalendar invitation that calendars add, update and remove.</summary>
public sealed class EmailCalendarTests
{
    [Fact]
    public async Task BookedMovedCancelled_ConsultantsMailsCarryOneUidWithGrowingSequenceAndCancelAtTheEnd()
    {
        await using var smtp = new FakeSmtpServer();
        using var factory = PeerConsultFactory.With(EmailChannelTests.Settings(smtp.Port, smtp.User, smtp.Password));
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        await factory.DispatchAsync();

        var booked = Calendar(LastTo(smtp, consultant.Email));
        Assert.Equal("REQUEST", booked.Method);
        Assert.Contains("METHOD:REQUEST", booked.Text, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}", booked.Text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260309T070000Z", booked.Text, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260309T080000Z", booked.Text, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", booked.Text, StringComparison.Ordinal);
        Assert.Contains("ORGANIZER", booked.Text, StringComparison.Ordinal);
        Assert.Contains($"mailto:{consultant.Email}", booked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("вскармлив", booked.Text, StringComparison.Ordinal);

        using (var moved = await mother.Client.PostJsonAsync($"/api/v1/meetings/{id}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddDays(1) }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        await factory.DispatchAsync();
        var move = Calendar(LastTo(smtp, consultant.Email));
        Assert.Equal("REQUEST", move.Method);
        Assert.Contains($"UID:{id}", move.Text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260310T070000Z", move.Text, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", move.Text, StringComparison.Ordinal);

        using (var cancelled = await mother.Client.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "не получается" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }

        await factory.DispatchAsync();
        var cancel = Calendar(LastTo(smtp, consultant.Email));
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Contains("METHOD:CANCEL", cancel.Text, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}", cancel.Text, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", cancel.Text, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2", cancel.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_MothersMailCarriesTheMeetingAndTheNewMotherNoticeNone()
    {
        await using var smtp = new FakeSmtpServer();
        using var factory = PeerConsultFactory.With(EmailChannelTests.Settings(smtp.Port, smtp.User, smtp.Password));
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        factory.SetClock(MeetingDriver.Monday10Moscow.AddHours(-24));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MeetingReminderSweeper>().RunOnceAsync(factory.Clock.GetUtcNow().UtcDateTime, CancellationToken.None));
        }

        await factory.DispatchAsync();

        var reminder = Calendar(LastTo(smtp, "anna@example.org"));
        Assert.Equal("REQUEST", reminder.Method);
        Assert.Contains($"UID:{id}", reminder.Text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260309T070000Z", reminder.Text, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Встреча с равным консультантом", reminder.Text, StringComparison.Ordinal);

        // A notice about no particular meeting has no calendar part.
        using var newMother = EmailChannelTests.Parse(smtp.Received.First(m => m.To.Contains(consultant.Email)));
        Assert.Equal("К вам направлена новая мама", newMother.Subject);
        Assert.DoesNotContain(newMother.BodyParts, p => p.ContentType.IsMimeType("text", "calendar"));
    }

    private static MimeMessage LastTo(FakeSmtpServer smtp, string address) =>
        EmailChannelTests.Parse(smtp.Received.Last(m => m.To.Contains(address)));

    private static (string? Method, string Text) Calendar(MimeMessage mail)
    {
        using (mail)
        {
            var part = Assert.Single(mail.BodyParts.OfType<MimePart>(), p => p.ContentType.IsMimeType("text", "calendar"));
            using var decoded = new MemoryStream();
            Assert.NotNull(part.Content);
            part.Content!.DecodeTo(decoded);
            return (part.ContentType.Parameters["method"], Encoding.UTF8.GetString(decoded.ToArray()));
        }
    }
}
