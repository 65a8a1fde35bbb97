using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Requests;

/// <summary>R8.3: every assignment of a consultant to a request keeps its history and reason.</summary>
public sealed class Assignment
{
    private Assignment()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid ConsultantId { get; private set; }

    public DateTime AssignedAt { get; private set; }

    public Guid? AssignedBy { get; private set; }

    public string? Reason { get; private set; }

    public DateTime? EndedAt { get; private set; }

    public bool IsCurrent => EndedAt is null;

    internal static Assignment Create(Guid requestId, Guid consultantId, string? reason, Actor by, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        RequestId = requestId,
        ConsultantId = consultantId,
        AssignedAt = Instants.RequireUtc(now, nameof(now)),
        AssignedBy = by.UserId,
        Reason = reason,
    };

    internal void End(DateTime now) => EndedAt ??= now;
}
