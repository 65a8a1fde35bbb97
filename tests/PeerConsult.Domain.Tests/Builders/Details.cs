using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Requests;

namespace PeerConsult.Domain.Tests.Builders;

/// <summary>Valid inputs; a test changes only the field it is about with <c>with { ... }</c>.</summary>
internal static class Details
{
    public static RequestDetails Valid() => new(
        Name: "Анна Петрова",
        Phone: "+79161234567",
        Messenger: Messenger.WhatsApp,
        Email: "anna@example.org",
        TimeZone: "Europe/Moscow",
        Note: "Малыш плохо спит, хочу поговорить",
        PreferredConsultantId: null);

    public static ConsentRecord Consent() => new("2026-01", Times.Submitted, "203.0.113.7");

    public static ConsultantProfile Profile() => new(
        DisplayName: "Мария Иванова",
        Email: "maria@example.org",
        Phone: "+79031112233",
        TimeZone: "Asia/Yekaterinburg",
        Bio: "Мама троих детей, консультант по грудному вскармливанию.",
        Topics: ["Сон", "Грудное вскармливание"],
        Languages: ["ru"],
        MaxActiveMothers: 5,
        Published: true);

    public static Actor Admin => Actor.Administrator(Ids.Admin);
}
