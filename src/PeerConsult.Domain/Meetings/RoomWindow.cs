using PeerConsult.Domain.Common;

namespace PeerConsult.Domain.Meetings;

public enum RoomPhase
{
    NotYet,
    Open,
    Closed,
}

/// <summary>
/// When a meeting's video room may be entered: from <c>OpenBefore</c> before the start until <c>OpenAfter</c> after the
/// planned end (R3.1 keeps the meeting itself at most 60 minutes; the margins let both arrive early and finish a sentence).
/// Half-open: open at <see cref="Opens"/>, closed at <see cref="Closes"/>.
/// </summary>
public sealed record RoomWindow(DateTime Opens, DateTime Closes)
{
    public static RoomWindow For(DateTime start, DateTime end, TimeSpan openBefore, TimeSpan openAfter)
    {
        Instants.RequireUtc(start, nameof(start));
        Instants.RequireUtc(end, nameof(end));
        if (openBefore < TimeSpan.Zero || openAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(openBefore), "Room margins cannot be negative.");
        }

        return new RoomWindow(start - openBefore, end + openAfter);
    }

    public RoomPhase PhaseAt(DateTime now)
    {
        Instants.RequireUtc(now, nameof(now));
        return now < Opens ? RoomPhase.NotYet : now < Closes ? RoomPhase.Open : RoomPhase.Closed;
    }
}
