using System.Text.Json;
using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Requests;

/// <summary>
/// One line of a request's history: what happened, when, who did it, and which policy values applied.
/// Written in the same transaction as the change it describes.
/// </summary>
public sealed class RequestEvent
{
    private RequestEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public DateTime At { get; private set; }

    public RequestEventKind Kind { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string ActorRole { get; private set; } = "";

    /// <summary>Facts of the event as a JSON object (e.g. channel, consultant id, reason).</summary>
    public string Data { get; private set; } = "{}";

    /// <summary>The policy values applied, as a JSON object; "{}" when none did.</summary>
    public string Policy { get; private set; } = "{}";

    internal static RequestEvent Create(
        Guid requestId,
        DateTime at,
        RequestEventKind kind,
        Actor actor,
        IReadOnlyDictionary<string, string?>? data = null,
        IReadOnlyDictionary<string, string>? policy = null) => new()
        {
            Id = Guid.CreateVersion7(),
            RequestId = requestId,
            At = Instants.RequireUtc(at, nameof(at)),
            Kind = kind,
            ActorUserId = actor.UserId,
            ActorRole = actor.Role,
            Data = data is null ? "{}" : JsonSerializer.Serialize(data),
            Policy = policy is null ? "{}" : JsonSerializer.Serialize(policy),
        };

    public IReadOnlyDictionary<string, string?> ReadData() =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(Data) ?? [];

    public IReadOnlyDictionary<string, string> ReadPolicy() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(Policy) ?? [];
}
