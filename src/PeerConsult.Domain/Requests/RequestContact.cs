using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Requests;

/// <summary>R1.2: a contact the administrator recorded — when it happened, how, and what was agreed.</summary>
public sealed class RequestContact
{
    private RequestContact()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public DateTime At { get; private set; }

    public ContactChannel Channel { get; private set; }

    public string? Note { get; private set; }

    public Guid? RecordedBy { get; private set; }

    public DateTime RecordedAt { get; private set; }

    internal static RequestContact Create(Guid requestId, DateTime at, ContactChannel channel, string? note, Actor by, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        RequestId = requestId,
        At = Instants.RequireUtc(at, nameof(at)),
        Channel = channel,
        Note = note,
        RecordedBy = by.UserId,
        RecordedAt = Instants.RequireUtc(now, nameof(now)),
    };
}
