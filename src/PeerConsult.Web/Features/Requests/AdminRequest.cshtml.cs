using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Requests;

public sealed record HistoryEntry(DateTime At, string Who, string What, IReadOnlyList<string> Details, IReadOnlyList<string> Policy);

/// <summary>
/// One request for the administrator: her details, every clock, the full history, and the actions of
/// R1.2 (record contact), R1.3/R8 (assign) and R1.3/R2.1 (consultant's contact sent). The handlers are
/// the authority on what is allowed; this page only hides actions that cannot apply and shows their refusals.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AdminRequestModel(
    RequestViewHandler views,
    RequestActionsHandler actions,
    ManageConsultantsHandler consultants,
    AppDbContext db,
    IOptions<CenterPolicy> policy,
    IOptions<CenterOptions> center,
    TimeProvider clock,
    IStringLocalizer<RequestsText> text,
    IStringLocalizer<ErrorText> errors,
    IStringLocalizer<SharedText> shared) : PageModel
{
    public const string ContactForm = "contact";
    public const string AssignForm = "assign";
    public const string SentForm = "sent";
    public const string InTouchForm = "in-touch";
    private const string LocalInputFormat = "yyyy-MM-ddTHH:mm";

    [BindProperty]
    public string? ContactWhen { get; set; }

    [BindProperty]
    public string? ContactHow { get; set; }

    [BindProperty]
    public string? ContactNote { get; set; }

    [BindProperty]
    public string? AssignTo { get; set; }

    [BindProperty]
    public string? AssignReason { get; set; }

    [BindProperty]
    public string? SentWhen { get; set; }

    [BindProperty]
    public string? InTouchWhen { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public RequestView View { get; private set; } = null!;

    public ConsultationRequest Consultation => View.Request;

    public IReadOnlyList<ConsultantChoice> Choices { get; private set; } = [];

    /// <summary>The current consultant's full profile: her phone is what the mother receives (R1.3).</summary>
    public Consultant? Current { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    /// <summary>R8.1: while her request for another consultant is the latest event, what she asked, for the top of the actions.</summary>
    public IReadOnlyList<string> ChangeRequest { get; private set; } = [];

    public string Zone { get; private set; } = "";

    public DateTime Now { get; private set; }

    public string NowLocal { get; private set; } = "";

    public CenterPolicy Rules => policy.Value;

    /// <summary>Which form the <see cref="FormError"/> belongs to, so it shows next to that form.</summary>
    public string? FormErrorFor { get; private set; }

    public string? FormError { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public bool CanRecordContact => Consultation.Status != RequestStatus.Closed;

    public bool CanAssign => Consultation.Status is RequestStatus.Contacted or RequestStatus.Assigned or RequestStatus.AwaitingMotherContact or RequestStatus.InTouch;

    public bool CanMarkSent => Consultation.Status == RequestStatus.Assigned;

    public bool CanMarkInTouch => Consultation.Status == RequestStatus.AwaitingMotherContact;

    public string GreetingLink => WhatsAppLink(InCenterLanguage(() =>
        text["ToMother.Greeting", Consultation.Name, center.Value.Name, Consultation.Number].Value));

    public string? ConsultantContactLink => Current is null ? null : WhatsAppLink(InCenterLanguage(() =>
        text["ToMother.ConsultantContact", Consultation.Name, center.Value.Name, Consultation.Number, Current.DisplayName, Phones.Pretty(Current.Phone), Hours(Rules.MotherContactDeadline)].Value));

    public static string Hours(TimeSpan span) => span.TotalHours.ToString("0.##", CultureInfo.CurrentCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        // R1.3: the consultant she chose, if she chose one and that consultant has room.
        if (View.Preferred is { HasCapacity: true } preferred && preferred.Id != Consultation.ConsultantId)
        {
            AssignTo = preferred.Id.ToString();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var at = ParseLocal(ContactWhen, nameof(ContactWhen));
        if (!Enum.TryParse<ContactChannel>(ContactHow, out var channel) || !Enum.IsDefined(channel))
        {
            FieldErrors[nameof(ContactHow)] = errors.Message(DomainError.Of(ErrorCodes.InvalidChannel));
        }

        if (FieldErrors.Count > 0)
        {
            return Page();
        }

        var outcome = await actions.RecordContactAsync(new RecordContactCommand(id, at, channel, ContactNote), Admin(), ct);
        return Finish(outcome, ContactForm, nameof(ContactWhen), new Dictionary<string, string> { ["Note"] = nameof(ContactNote) }, () => text["Notice.ContactRecorded"]);
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Guid.TryParse(AssignTo, out var consultantId) || consultantId == Guid.Empty)
        {
            FieldErrors[nameof(AssignTo)] = text["Form.ChooseConsultant"];
        }

        // R8.3: every re-assignment keeps its reason.
        if (Consultation.ConsultantId is not null && string.IsNullOrWhiteSpace(AssignReason))
        {
            FieldErrors[nameof(AssignReason)] = text["Form.ReasonRequired"];
        }

        if (FieldErrors.Count > 0)
        {
            return Page();
        }

        var outcome = await actions.AssignAsync(new AssignConsultantCommand(id, consultantId, AssignReason), Admin(), ct);
        var name = Choices.FirstOrDefault(c => c.Id == consultantId)?.DisplayName ?? "";
        return Finish(outcome, AssignForm, null, new Dictionary<string, string> { ["Reason"] = nameof(AssignReason) }, () => text["Notice.Assigned", name]);
    }

    public async Task<IActionResult> OnPostSentAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var at = ParseLocal(SentWhen, nameof(SentWhen));
        if (FieldErrors.Count > 0)
        {
            return Page();
        }

        var outcome = await actions.ConsultantContactSentAsync(new ConsultantContactSentCommand(id, at), Admin(), ct);
        return Finish(outcome, SentForm, nameof(SentWhen), [], () => text["Notice.Sent", Hours(Rules.MotherContactDeadline), Hours(Rules.MotherContactCloseAfter)]);
    }

    /// <summary>R2.3: the mother got in touch with her consultant (she or the consultant told us); her clock stops.</summary>
    public async Task<IActionResult> OnPostInTouchAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var at = ParseLocal(InTouchWhen, nameof(InTouchWhen));
        if (FieldErrors.Count > 0)
        {
            return Page();
        }

        var outcome = await actions.MotherContactedAsync(new MotherContactedCommand(id, at), Admin(), ct);
        return Finish(outcome, InTouchForm, nameof(InTouchWhen), [], () => text["Notice.InTouch"]);
    }

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    public string Time(DateTime utc) => Times.Format(utc, Zone);

    public string TimeIn(DateTime utc, string zone) => Times.Format(utc, TimeZones.IsValidIana(zone) ? zone : Zone);

    public string ZoneLabel(string zone) => TimeZones.IsValidIana(zone) ? Times.ZoneLabel(TimeZones.Find(zone), Now) : zone;

    public string ChoiceLabel(ConsultantChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var label = text["Choice.Load", choice.DisplayName, choice.ActiveMothers, choice.MaxActiveMothers].Value;
        var marks = new List<string>();
        if (choice.Id == Consultation.PreferredConsultantId)
        {
            marks.Add(text["Choice.Chosen"]);
        }

        if (choice.Id == Consultation.ConsultantId)
        {
            marks.Add(text["Choice.Current"]);
        }
        else if (!choice.HasCapacity)
        {
            marks.Add(text["Choice.Full"]);
        }

        if (!choice.Published)
        {
            marks.Add(text["Choice.Unpublished"]);
        }

        return marks.Count == 0 ? label : label + " — " + string.Join(", ", marks);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var view = await views.HandleAsync(id, ct);
        if (view is null)
        {
            return false;
        }

        View = view;
        Now = clock.GetUtcNow().UtcDateTime;
        Zone = await StaffZone.ForAsync(db, User, policy.Value);
        NowLocal = TimeZones.ToLocal(Now, Zone).ToString(LocalInputFormat, CultureInfo.InvariantCulture);
        Choices = await views.ChoicesAsync(ct);
        Current = view.Request.ConsultantId is { } cid ? await consultants.FindAsync(cid, ct) : null;
        History = [.. view.History.Select(Describe)];
        ChangeRequest = view.History.Count > 0 && view.History[^1] is { Kind: RequestEventKind.ConsultantChangeRequested } asked ? DescribeChangeRequest(asked) : [];

        // The forms not being submitted keep their defaults: now, and WhatsApp (R1.2).
        ContactWhen ??= NowLocal;
        ContactHow ??= nameof(ContactChannel.WhatsApp);
        SentWhen ??= NowLocal;
        InTouchWhen ??= NowLocal;
        return true;
    }

    private Actor Admin() => Actor.Administrator(User.UserId() ?? throw new InvalidOperationException("Signed-in user without id."));

    /// <summary>The administrator types times in her own zone; the domain gets UTC. Empty means "now".</summary>
    private DateTime? ParseLocal(string? value, string field)
    {
        // The input holds minutes only: the current minute means "now", or a contact recorded in the same
        // minute as the submission or assignment would be refused as earlier than it.
        if (string.IsNullOrWhiteSpace(value) || value == NowLocal)
        {
            return null;
        }

        var zone = TimeZones.Find(Zone);
        if (!DateTime.TryParseExact(value, [LocalInputFormat, LocalInputFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || zone.IsInvalidTime(local))
        {
            FieldErrors[field] = text["Form.BadTime"];
            return null;
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    }

    private IActionResult Finish(Outcome<RequestChanged> outcome, string form, string? timeField, Dictionary<string, string> fields, Func<string> notice)
    {
        if (outcome.IsSuccess)
        {
            Notice = notice();
            return RedirectToPage(new { id = Consultation.Id });
        }

        if (outcome.Error is { Code: ErrorCodes.RequestNotFound })
        {
            return NotFound();
        }

        foreach (var (field, error) in outcome.FieldErrors ?? new Dictionary<string, DomainError>())
        {
            if (fields.TryGetValue(field, out var ours))
            {
                FieldErrors[ours] = Readable(error);
            }
            else
            {
                FormErrorFor = form;
                FormError = Readable(error);
            }
        }

        if (outcome.Error is { } rule)
        {
            // A time the rules refuse belongs next to the time field; everything else above the form.
            if (timeField is not null && rule.Code is ErrorCodes.InTheFuture or ErrorCodes.BeforeSubmission or ErrorCodes.BeforeAssignment
                or ErrorCodes.BeforeContactSent or ErrorCodes.AfterCloseTime)
            {
                FieldErrors[timeField] = Readable(rule);
            }
            else
            {
                FormErrorFor = form;
                FormError = Readable(rule);
            }
        }

        return Page();
    }

    private string Readable(DomainError error) => errors.Message(error, Time, s => text.Status(s));

    private HistoryEntry Describe(HistoryLine line)
    {
        var role = Localized("Actor." + line.ActorRole, line.ActorRole);
        var who = line.ActorName is { Length: > 0 } name ? text["Who.Named", name, role].Value : role;
        var details = new List<string>();
        foreach (var (key, value) in line.Data)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var detail = key switch
            {
                "at" when DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) && at.Kind == DateTimeKind.Utc => text["Data.At", Time(at)].Value,
                "channel" => text["Data.Channel", Localized(shared, "Channel." + value, value)].Value,
                "messenger" => text["Data.Messenger", Localized(shared, "Messenger." + value, value)].Value,
                "note" => text["Data.Note", value].Value,
                "onTime" => bool.TryParse(value, out var onTime) && onTime ? text["Data.OnTime"].Value : text["Data.Late"].Value,
                "consultantId" => text["Data.Consultant", ConsultantName(value)].Value,
                "previousConsultantId" => text["Data.Previous", ConsultantName(value)].Value,
                "preferredConsultantId" => text["Data.Preferred", ConsultantName(value)].Value,
                "reason" when Enum.TryParse<ClosedReason>(value, out var closed) => text["Data.ClosedReason", Localized("Closed." + closed, value)].Value,
                "reason" when value == "no-contact" => text["Data.ClosedReason", Localized("Closed." + nameof(ClosedReason.NoContact), value)].Value,
                "dueAt" when IsUtc(value, out var due) => text["Data.DueAt", Time(due)].Value,
                "autoCloseAt" when IsUtc(value, out var closeAt) => text["Data.AutoCloseAt", Time(closeAt)].Value,
                "consultantContactSentAt" when IsUtc(value, out var sentAt) => text["Data.SentAt", Time(sentAt)].Value,
                "reason" => text["Data.Reason", value].Value,
                "cancelledMeetings" => text["Data.CancelledMeetings", value].Value,
                "chosenByMother" => bool.TryParse(value, out var chosen) && chosen ? text["Data.ChosenByMother"].Value : null,
                "consentVersion" => text["Data.Consent", value].Value,
                _ => $"{key}: {value}",
            };
            if (detail is not null)
            {
                details.Add(detail);
            }
        }

        var applied = line.Policy.Select(p => text["Data.PolicyValue", Localized("Policy." + p.Key, p.Key), PolicyValue(p.Value)].Value).ToList();
        return new HistoryEntry(line.At, who, Localized("Event." + line.Kind, line.Kind.ToString()), details, applied);
    }

    private List<string> DescribeChangeRequest(HistoryLine line)
    {
        var wanted = line.Data.GetValueOrDefault("preferredConsultantId") is { Length: > 0 } id
            ? text["ChangeRequested.Chosen", ConsultantName(id)].Value
            : text["ChangeRequested.Anyone"].Value;
        var lines = new List<string> { text["ChangeRequested.Notice", wanted].Value };
        if (line.Data.GetValueOrDefault("note") is { Length: > 0 } note)
        {
            lines.Add(text["ChangeRequested.Note", note].Value);
        }

        lines.Add(text["ChangeRequested.Confirm"].Value);
        return lines;
    }

    /// <summary>Policy values are stored invariantly ("1.00:00:00"); people read "24 ч".</summary>
    private static string PolicyValue(string value) =>
        TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var span) ? Times.Duration(span) : value;

    private static bool IsUtc(string value, out DateTime at) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at) && at.Kind == DateTimeKind.Utc;

    private string ConsultantName(string id) =>
        Guid.TryParse(id, out var guid) && View.ConsultantNames.TryGetValue(guid, out var name) ? name : text["Data.UnknownConsultant"];

    private string Localized(string key, string fallback) => Localized(text, key, fallback);

    private static string Localized(IStringLocalizer localizer, string key, string fallback)
    {
        var value = localizer[key];
        return value.ResourceNotFound ? fallback : value.Value;
    }

    private string WhatsAppLink(string message) => $"https://wa.me/{Phones.Digits(Consultation.Phone)}?text={Uri.EscapeDataString(message)}";

    /// <summary>Messages go to the mother in the Center's language (Russian, the neutral resources), whatever language the administrator reads.</summary>
    private static string InCenterLanguage(Func<string> read)
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru");
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
