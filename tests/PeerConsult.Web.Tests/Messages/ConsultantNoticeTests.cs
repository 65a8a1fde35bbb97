using System.Net;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Messages;

/// <summary>What the consultant is told: a new mother, and each booked, moved or cancelled meeting — once, in her own zone.</summary>
public sealed class ConsultantNoticeTests
{
    /// <summary>12:00 in Yekaterinburg (UTC+5) is Monday10Moscow: the consultant's zone differs from the mother's.</summary>
    private const string ConsultantZone = "Asia/Yekaterinburg";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assign_AndReassign_EachNewConsultantToldOnceWithHerFirstNameZoneAndNextStep(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var first = await factory.CreateConsultantAsync(admin);
        var second = await factory.CreateConsultantAsync(admin);
        var request = await factory.AwaitingMotherContactAsync(admin, first);

        await DeadlineDriver.PostOkAsync(admin, request.Request, "assignment", new { consultantId = second.Id, reason = "ближе по опыту" });

        var notices = await NoticesAsync(factory, request.Id, "consultant.new-mother");
        Assert.Equal(new[] { first.Id, second.Id }.Order(), notices.Select(n => n.RecipientId!.Value).Order());
        Assert.All(notices, n => Assert.Equal(RecipientKind.Consultant, n.Recipient));
        Assert.Equal(2, notices.Select(n => n.DedupKey).Distinct().Count());
        var body = notices.Single(n => n.RecipientId == second.Id).Body;
        Assert.StartsWith("Здравствуйте! К вам направлена новая мама: Анна, заявка " + request.Request.Number + ".", body, StringComparison.Ordinal);
        Assert.Contains("Её часовой пояс: Europe/Moscow, UTC+3.", body, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5080/consultant", body, StringComparison.Ordinal);
        Assert.DoesNotContain("вскармлив", body, StringComparison.Ordinal);
        Assert.DoesNotContain(request.Phone, body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MotherMovesThenAdministratorCancels_ConsultantToldOnceEachInHerZone(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin);
        await admin.PutHoursAsync(consultant.Id, MeetingDriver.EveryDay(ConsultantZone));
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        var booked = Assert.Single(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-booked"));
        Assert.Equal(
            "Новая встреча: Анна, заявка " + mother.Request.Request.Number + " — 09.03.2026 12:00 (Asia/Yekaterinburg, UTC+5), 60 мин. Встреча пройдёт по видео; комната и всё нужное — в вашем кабинете: http://localhost:5080/consultant. Если время вам не подходит, напишите администратору.",
            booked.Body);
        Assert.Equal(id, booked.MeetingId);

        using (var moved = await mother.Client.PostJsonAsync($"/api/v1/meetings/{id}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddDays(1) }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        var move = Assert.Single(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-moved"));
        Assert.Equal((RecipientKind.Consultant, consultant.Id, id), (move.Recipient, move.RecipientId!.Value, move.MeetingId!.Value));
        Assert.StartsWith(
            "Встреча перенесена: Анна, заявка " + mother.Request.Request.Number + ". Было 09.03.2026 12:00 (Asia/Yekaterinburg, UTC+5), теперь 10.03.2026 12:00 (Asia/Yekaterinburg, UTC+5).",
            move.Body,
            StringComparison.Ordinal);

        using (var cancelled = await admin.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "мама написала в WhatsApp", initiator = "mother" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }

        var cancel = Assert.Single(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-cancelled"));
        Assert.Equal((consultant.Id, id), (cancel.RecipientId!.Value, cancel.MeetingId!.Value));
        Assert.StartsWith("Встреча отменена: Анна, заявка " + mother.Request.Request.Number + ", 10.03.2026 12:00 (Asia/Yekaterinburg, UTC+5).", cancel.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("WhatsApp", cancel.Body, StringComparison.Ordinal);

        // Nothing about the meeting went to anyone else, and nothing twice.
        Assert.Single(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-moved"));
    }

    [Fact]
    public async Task ConsultantMovesAndCancelsHerself_NotToldAboutHerOwnChanges()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var id = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        await factory.SetPasswordAsync(consultant.Email, "consultant-password-1");
        using var herself = await factory.LoginAsync(consultant.Email, "consultant-password-1");

        using (var moved = await herself.PostJsonAsync($"/api/v1/meetings/{id}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddHours(2) }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        using (var cancelled = await herself.PostJsonAsync($"/api/v1/meetings/{id}/cancel", new { reason = "заболела" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal("cancelled", (await admin.GetMeetingAsync(id)).Str("status"));
        Assert.Empty(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-moved"));
        Assert.Empty(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-cancelled"));
        Assert.Single(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-booked"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LateMoveRefusesTheFreeService_ConsultantToldOnceThatTheMeetingIsCancelledNotMoved(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var first = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        var second = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(7));
        using (var moved = await mother.Client.PostJsonAsync($"/api/v1/meetings/{first}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddHours(2) }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        // R4.2, R5.2: three hours before, she asks the administrator to move the second one — late, her second violation.
        factory.SetClock(MeetingDriver.Monday10Moscow.AddDays(7).AddHours(-3));
        using var later = await factory.CreateAdminClientAsync();
        using (var late = await later.PostJsonAsync($"/api/v1/meetings/{second}/reschedule", new { start = MeetingDriver.Monday10Moscow.AddDays(7).AddHours(2), initiator = "mother", requestedAt = factory.Clock.GetUtcNow() }))
        {
            await late.ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal("cancelled", (await later.GetMeetingAsync(second)).Str("status"));
        var moves = await NoticesAsync(factory, mother.RequestId, "consultant.meeting-moved");
        Assert.Equal([first], moves.Select(m => m.MeetingId!.Value));
        var cancel = Assert.Single(await NoticesAsync(factory, mother.RequestId, "consultant.meeting-cancelled"));
        Assert.Equal((consultant.Id, second), (cancel.RecipientId!.Value, cancel.MeetingId!.Value));
        Assert.Contains("16.03.2026 10:00 (Europe/Moscow, UTC+3)", cancel.Body, StringComparison.Ordinal);
    }

    internal static Task<List<OutboxMessage>> NoticesAsync(PeerConsultFactory factory, Guid requestId, string kind) =>
        factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.RequestId == requestId && m.Kind == kind).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
}
