using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Features.Intake;
using PeerConsult.Web.Features.Requests;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Demo;

/// <summary>
/// Demo:Seed=true fills an EMPTY database with sample consultants and requests in every stage, so a new user
/// can try every screen at once. It goes through the same handlers as real use, so the data obeys the rules.
/// </summary>
public sealed class DemoSeeder(
    AppDbContext db,
    ManageConsultantsHandler consultants,
    SubmitRequestHandler intake,
    RequestActionsHandler actions,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    ILogger<DemoSeeder> log)
{
    private static readonly (string Name, string Email, string Phone, string Zone, string Bio, string[] Topics, string[] Languages, int Capacity)[] SampleConsultants =
    [
        ("Анна Смирнова", "anna.demo@peerconsult.local", "+79161110001", "Europe/Moscow", "Мама двоих детей. Пережила послеродовую депрессию и знаю, как важно, чтобы тебя выслушали без оценок.", ["послеродовая депрессия", "сон ребёнка"], ["русский"], 5),
        ("Мария Иванова", "maria.demo@peerconsult.local", "+79161110002", "Asia/Yekaterinburg", "Воспитываю сына с аутизмом. Помогу разобраться с первыми шагами после диагноза.", ["особенный ребёнок", "диагноз"], ["русский", "English"], 3),
        ("Елена Кузнецова", "elena.demo@peerconsult.local", "+79161110003", "Europe/Moscow", "Мама-одиночка, трое детей. Говорю о границах, усталости и поиске опоры.", ["выгорание", "одна с детьми"], ["русский"], 4),
        ("Ольга Попова", "olga.demo@peerconsult.local", "+79161110004", "Europe/Berlin", "Живу в Германии. Знаю, каково растить детей в эмиграции, вдали от родных.", ["эмиграция", "двуязычие"], ["русский", "Deutsch"], 2),
    ];

    private static readonly (string Name, string Phone, string Messenger, string Zone, string Note)[] SampleMothers =
    [
        ("Ирина", "+79031230001", "whatsapp", "Europe/Moscow", "Ребёнку 3 месяца, почти не сплю, всё время тревожно."),
        ("Светлана", "+79031230002", "telegram", "Asia/Novosibirsk", "Хочу поговорить с мамой, у которой тоже особенный ребёнок."),
        ("Наталья", "+79031230003", "whatsapp", "Europe/Moscow", "Чувствую, что не справляюсь."),
        ("Татьяна", "+79031230004", "phone", "Europe/Samara", "Удобнее по телефону вечером."),
        ("Юлия", "+79031230005", "max", "Europe/Moscow", ""),
        ("Ксения", "+79031230006", "whatsapp", "Europe/Berlin", "Мы недавно переехали, я никого здесь не знаю."),
    ];

    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Consultants.AnyAsync(ct) || await db.Requests.AnyAsync(ct))
        {
            return;
        }

        var consultantIds = new List<Guid>();
        foreach (var c in SampleConsultants)
        {
            var created = await consultants.CreateAsync(new ConsultantInput(c.Name, c.Email, c.Phone, c.Zone, c.Bio, c.Topics, c.Languages, c.Capacity, Published: true), ct);
            consultantIds.Add(created.Value?.Id ?? throw new InvalidOperationException($"Demo consultant not created: {created.Error?.Code ?? string.Join(",", created.FieldErrors!.Values.Select(e => e.Code))}"));
        }

        var admin = await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Administrator), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId).OrderBy(id => id).FirstAsync(ct);
        var by = Actor.Administrator(admin);
        var requestIds = new List<Guid>();
        for (var i = 0; i < SampleMothers.Length; i++)
        {
            var m = SampleMothers[i];
            var chosen = i == 1 ? consultantIds[1] : (Guid?)null;
            var submitted = await intake.HandleAsync(new SubmitRequestCommand(m.Name, m.Phone, m.Messenger, null, m.Zone, m.Note, chosen, ConsentAccepted: true, "127.0.0.1"), ct);
            requestIds.Add(submitted.Value?.Id ?? throw new InvalidOperationException($"Demo request not created: {submitted.Error?.Code}"));
        }

        // Requests at every stage: two still new, one contacted, one assigned, two with the mother's clock running.
        var now = clock.GetUtcNow().UtcDateTime;
        Must(await actions.RecordContactAsync(new RecordContactCommand(requestIds[2], now, ContactChannel.WhatsApp, "Договорились, что подберём консультанта сегодня."), by, ct));
        foreach (var (index, consultant) in new[] { (3, 0), (4, 2), (5, 3) })
        {
            Must(await actions.RecordContactAsync(new RecordContactCommand(requestIds[index], now, ContactChannel.Phone, "Поговорили, мама ждёт контакт консультанта."), by, ct));
            Must(await actions.AssignAsync(new AssignConsultantCommand(requestIds[index], consultantIds[consultant], null), by, ct));
        }

        // "Now" for these is the handler's own clock: the contact is sent after the assignment just made.
        Must(await actions.ConsultantContactSentAsync(new ConsultantContactSentCommand(requestIds[4], null), by, ct));
        Must(await actions.ConsultantContactSentAsync(new ConsultantContactSentCommand(requestIds[5], null), by, ct));
        log.LogInformation("Demo data added: {Consultants} consultants, {Requests} requests (policy: admin deadline {Deadline})", consultantIds.Count, requestIds.Count, policy.Value.AdminResponseDeadline);
    }

    /// <summary>Demo data goes through the real rules; a refusal here is a bug in the seeder, so it stops loudly.</summary>
    private static void Must(Outcome<RequestChanged> outcome)
    {
        if (!outcome.IsSuccess)
        {
            throw new InvalidOperationException($"Demo step refused: {outcome.Error?.Code ?? string.Join(",", outcome.FieldErrors!.Values.Select(e => e.Code))}");
        }
    }
}
