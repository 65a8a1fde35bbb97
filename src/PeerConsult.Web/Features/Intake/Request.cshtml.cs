using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Intake;

/// <summary>
/// R1.1: the public request form. It calls the same handler as POST /api/v1/requests; this page only maps the
/// outcome to what she sees: messages next to fields, a polite refusal (R6), or the "sent" page (Post/Redirect/Get).
/// </summary>
[AllowAnonymous]
public sealed class RequestModel(
    SubmitRequestHandler handler,
    CatalogHandler catalog,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IOptions<CenterOptions> center,
    IOptions<IntakeOptions> intake,
    IStringLocalizer<IntakeText> text,
    IStringLocalizer<ErrorText> errorText) : PageModel
{
    /// <summary>Handler field names → the id of the element the error summary links to, in form order.</summary>
    public static IReadOnlyList<(string Field, string Id)> Fields { get; } =
    [
        ("Name", "name"),
        ("Phone", "phone"),
        ("Messenger", "messenger-whatsapp"),
        ("Email", "email"),
        ("TimeZone", "timeZone"),
        ("Note", "note"),
        ("PreferredConsultantId", "consultant"),
        ("ConsentAccepted", "consent"),
    ];

    public static IReadOnlyList<string> MessengerValues { get; } = ["whatsapp", "telegram", "max", "phone"];

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "phone")]
    public string? Phone { get; set; }

    [BindProperty(Name = "messenger")]
    public string? Messenger { get; set; } = "whatsapp";

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "timeZone")]
    public string? Zone { get; set; }

    [BindProperty(Name = "note")]
    public string? Note { get; set; }

    /// <summary>Preselected from /request?consultant={id} (the catalog's "choose" link, R8.2).</summary>
    [BindProperty(Name = "consultant", SupportsGet = true)]
    public Guid? Consultant { get; set; }

    [BindProperty(Name = "consent")]
    public bool Consent { get; set; }

    /// <summary>The honeypot: people never see it, simple bots fill it in.</summary>
    [BindProperty(Name = "website")]
    public string? Website { get; set; }

    /// <summary>Messages by handler field name ("Phone" → "Проверьте номер…").</summary>
    public IReadOnlyDictionary<string, string> FieldMessages { get; private set; } = new Dictionary<string, string>();

    /// <summary>A problem with the whole form (rate limit, honeypot); the form stays as she filled it.</summary>
    public string? FormMessage { get; private set; }

    /// <summary>not-eligible or request-already-open: an explanation replaces the form.</summary>
    public DomainError? Blocking { get; private set; }

    /// <summary>After a POST her own choice of zone must not be replaced by the browser's guess.</summary>
    public bool ZoneChosen { get; private set; }

    public IReadOnlyList<CatalogEntry> Consultants { get; private set; } = [];

    public IReadOnlyList<ZoneOption> RussianZones { get; private set; } = [];

    public IReadOnlyList<ZoneOption> OtherZones { get; private set; } = [];

    public CenterPolicy Policy => policy.Value;

    public CenterOptions Center => center.Value;

    public string ConsentVersion => intake.Value.ConsentVersion;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Zone = Policy.CenterTimeZone;
        await LoadAsync(ct);
        if (Consultant is { } id && Consultants.All(c => c.Id != id))
        {
            Consultant = null;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ZoneChosen = true;
        if (!string.IsNullOrEmpty(Website))
        {
            FormMessage = errorText.Message(DomainError.Of(ErrorCodes.Honeypot));
            await LoadAsync(ct);
            return Page();
        }

        var outcome = await handler.HandleAsync(
            new SubmitRequestCommand(Name, Phone, Messenger, Email, Zone, Note, Consultant, Consent, HttpContext.Connection.RemoteIpAddress?.ToString()),
            ct);
        if (outcome is { IsSuccess: true, Value: { } sent })
        {
            return Redirect(SentUrl(sent.Number));
        }

        if (outcome.FieldErrors is { } fieldErrors)
        {
            FieldMessages = fieldErrors.ToDictionary(e => e.Key, e => errorText.Message(e.Value));
        }
        else if (outcome.Error is { Code: ErrorCodes.NotEligible or ErrorCodes.RequestAlreadyOpen } blocking)
        {
            Blocking = blocking;
        }
        else if (outcome.Error is { } error)
        {
            FormMessage = errorText.Message(error);
        }

        await LoadAsync(ct);
        return Page();
    }

    public string? ErrorFor(string field) => FieldMessages.GetValueOrDefault(field);

    /// <summary>The hint's id and, when there is one, the error's id — read out after the label.</summary>
    public string? DescribedBy(string field, string id, bool hint = true)
    {
        var parts = new List<string>(2);
        if (hint)
        {
            parts.Add(id + "-hint");
        }

        if (FieldMessages.ContainsKey(field))
        {
            parts.Add(id + "-error");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    public string BlockingMessage => Blocking is null ? "" : errorText.Message(Blocking);

    /// <summary>Why free help is closed to her (R2.2 / R5.2), in plain words with the policy's numbers.</summary>
    public string? EligibilityReason => Blocking?.Arg("eligibility") switch
    {
        nameof(Eligibility.PaidOnly) => text["NotEligible.PaidOnly", text.Hours(Policy.MotherContactCloseAfter)].Value,
        nameof(Eligibility.PeerServiceRefused) => text["NotEligible.PeerServiceRefused", text.Days(Policy.ViolationWindow), text.Count("MeetingsAfterMore", Policy.MaxViolations)].Value,
        _ => null,
    };

    public string WhatsAppLink(string message) =>
        $"https://wa.me/{Phones.Digits(Center.WhatsAppNumber)}?text={Uri.EscapeDataString(message)}";

    /// <summary>The versioned consent text (R1.1): the form shows exactly the version that is stored with the request.</summary>
    public string ConsentText(string part)
    {
        var value = text[$"Consent.{ConsentVersion}.{part}", Center.Name];
        return value.ResourceNotFound
            ? throw new InvalidOperationException($"IntakeText has no consent text 'Consent.{ConsentVersion}.{part}' for Intake:ConsentVersion.")
            : value.Value;
    }

    private string SentUrl(string number)
    {
        // Keep ?culture=en across the redirect so she reads the confirmation in the language she filled the form in.
        var culture = Request.Query["culture"].ToString();
        var keep = LocalizationSetup.Supported.Any(c => c.Name == culture);
        return $"/request/sent/{Uri.EscapeDataString(number)}" + (keep ? $"?culture={culture}" : "");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Consultants = await catalog.PublishedAsync(ct);
        RussianZones = TimeZoneChoices.RussianOptions(text, now);
        OtherZones = TimeZoneChoices.OtherOptions(now);
    }
}
