using System.Globalization;

namespace PeerConsult.Bench;

/// <summary>
/// The sweep bench's "10,000 due": new requests submitted 20 hours and a minute ago, so each one's R1.2 warning is
/// due now (and its 24-hour deadline is not). The sweeper then applies one transition per request.
/// </summary>
public static class DueBatch
{
    public static async Task AddAsync(IRowSink sink, int count, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var submitted = now.AddHours(-20).AddMinutes(-1);
        var batch = (int)(now.Ticks / TimeSpan.TicksPerMinute % 100_000);
        var mothers = new List<(Guid Mother, Guid Request, string Phone, string Number)>(count);
        for (var i = 0; i < count; i++)
        {
            var phone = string.Create(CultureInfo.InvariantCulture, $"+7904{batch % 100:D2}{i:D5}");
            var number = string.Create(CultureInfo.InvariantCulture, $"ZB{batch:D5}-{i:D5}");
            mothers.Add((Guid.CreateVersion7(submitted), Guid.CreateVersion7(submitted), phone, number));
        }

        await sink.BeginTableAsync("Mothers", "Id", "Phone", "Name", "Email", "TimeZone", "PreferredMessenger", "Eligibility", "UserId", "CreatedAt", "UpdatedAt", "Version");
        foreach (var m in mothers)
        {
            await sink.RowAsync(m.Mother, m.Phone, "Мама", null, "Europe/Moscow", "WhatsApp", "Eligible", null, submitted, submitted, 0);
        }

        await sink.EndTableAsync();
        await sink.BeginTableAsync("Requests", "Id", "Number", "MotherId", "Name", "Phone", "Messenger", "Email", "TimeZone", "Note", "PreferredConsultantId", "ConsentVersion", "ConsentAcceptedAt", "ConsentIpAddress", "SubmittedAt", "Status", "AdminWarningAt", "AdminDueAt", "ContactedAt", "ConsultantId", "ConsultantContactSentAt", "MotherContactDueAt", "AutoCloseAt", "ClosedAt", "ClosedReason", "Version", "AdminOverdueAt", "AdminWarnedAt", "MotherContactedAt", "MotherRemindedAt");
        foreach (var m in mothers)
        {
            await sink.RowAsync(m.Request, m.Number, m.Mother, "Мама", m.Phone, "WhatsApp", null, "Europe/Moscow", null, null, "2026-11-01", submitted, "127.0.0.1", submitted, "New", submitted.AddHours(20), submitted.AddHours(24), null, null, null, null, null, null, null, 0, null, null, null, null);
        }

        await sink.EndTableAsync();
    }
}
