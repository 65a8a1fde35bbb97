using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Intake;

namespace PeerConsult.Web.Infrastructure.Http;

/// <summary>How domain values look in the REST API: lower-case codes, instants with offset.</summary>
public static class ApiJson
{
    public static DateTimeOffset Instant(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? Instant(DateTime? utc) => utc is { } v ? Instant(v) : null;

    public static string Code(Messenger messenger) => SubmitRequestHandler.Messengers.First(m => m.Value == messenger).Key;

    public static string Code(RequestStatus status) => status switch
    {
        RequestStatus.New => "new",
        RequestStatus.Contacted => "contacted",
        RequestStatus.Assigned => "assigned",
        RequestStatus.AwaitingMotherContact => "awaiting-mother-contact",
        RequestStatus.InTouch => "in-touch",
        RequestStatus.Closed => "closed",
    };

    public static RequestStatus? ParseStatus(string? code) =>
        Enum.GetValues<RequestStatus>().Cast<RequestStatus?>().FirstOrDefault(s => Code(s!.Value) == code);

    public static string Code(ClosedReason reason) => reason switch
    {
        ClosedReason.NoContact => "no-contact",
        ClosedReason.Withdrawn => "withdrawn",
        ClosedReason.PeerServiceRefused => "peer-service-refused",
    };

    public static string Code(AdminClockState state) => state switch
    {
        AdminClockState.Running => "running",
        AdminClockState.Warning => "warning",
        AdminClockState.Overdue => "overdue",
        AdminClockState.Met => "met",
        AdminClockState.MetLate => "met-late",
        AdminClockState.Stopped => "stopped",
    };

    public static readonly IReadOnlyDictionary<string, ContactChannel> Channels = new Dictionary<string, ContactChannel>(StringComparer.OrdinalIgnoreCase)
    {
        ["whatsapp"] = ContactChannel.WhatsApp,
        ["telegram"] = ContactChannel.Telegram,
        ["max"] = ContactChannel.Max,
        ["phone"] = ContactChannel.Phone,
        ["email"] = ContactChannel.Email,
    };

    public static string Code(ContactChannel channel) => Channels.First(c => c.Value == channel).Key;
}
