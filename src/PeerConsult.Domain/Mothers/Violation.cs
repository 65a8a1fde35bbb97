using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;

namespace PeerConsult.Domain.Mothers;

/// <summary>R5.1: a missed or moved meeting that counts against the mother, unless an administrator waives it (R5.3).</summary>
public sealed class Violation
{
    private Violation()
    {
    }

    public Guid Id { get; private set; }

    public Guid MotherId { get; private set; }

    public Guid MeetingId { get; private set; }

    public ViolationKind Kind { get; private set; }

    /// <summary>When it happened: the meeting's start for a no-show, the time she asked for a move or cancellation.</summary>
    public DateTime OccurredAt { get; private set; }

    public DateTime RecordedAt { get; private set; }

    public DateTime? WaivedAt { get; private set; }

    public Guid? WaivedBy { get; private set; }

    public string? WaiveReason { get; private set; }

    public bool IsActive => WaivedAt is null;

    internal static Violation Create(Guid motherId, Guid meetingId, ViolationKind kind, DateTime occurredAt, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        MotherId = motherId,
        MeetingId = meetingId,
        Kind = kind,
        OccurredAt = Instants.RequireUtc(occurredAt, nameof(occurredAt)),
        RecordedAt = Instants.RequireUtc(now, nameof(now)),
    };

    internal void Waive(Guid by, string reason, DateTime now)
    {
        WaivedAt = now;
        WaivedBy = by;
        WaiveReason = reason;
    }
}
