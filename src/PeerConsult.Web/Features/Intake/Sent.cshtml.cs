using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Intake;

/// <summary>
/// "Заявка принята": her number and the time by which the administrator writes (R1.2), in her own zone.
/// Anyone with the link sees only the number, that time and the zone — nothing about her.
/// </summary>
[AllowAnonymous]
public sealed class SentModel(
    AppDbContext db,
    IOptions<CenterPolicy> policy,
    IOptions<CenterOptions> center,
    IStringLocalizer<IntakeText> text) : PageModel
{
    public string Number { get; private set; } = "";

    /// <summary>"26.11.2026 14:05 (Asia/Novosibirsk, UTC+7)".</summary>
    public string AdminDueAt { get; private set; } = "";

    public string AdminDueAtIso { get; private set; } = "";

    public CenterPolicy Policy => policy.Value;

    public string WhatsAppLink =>
        $"https://wa.me/{Phones.Digits(center.Value.WhatsAppNumber)}?text={Uri.EscapeDataString(text["WhatsApp.TextWithNumber", Number])}";

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 16)
        {
            return NotFound();
        }

        var found = await db.Requests.AsNoTracking()
            .Where(r => r.Number == number)
            .Select(r => new { r.Number, r.AdminDueAt, r.TimeZone })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return NotFound();
        }

        Number = found.Number;
        AdminDueAt = Times.Format(found.AdminDueAt, found.TimeZone);
        AdminDueAtIso = Times.Iso(found.AdminDueAt);
        return Page();
    }
}
