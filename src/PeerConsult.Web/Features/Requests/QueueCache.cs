using System.Collections.Concurrent;
using PeerConsult.Web.Infrastructure.Caching;

namespace PeerConsult.Web.Features.Requests;

/// <summary>
/// What the queue's first page and its counters show, as of one queue stamp (ADR 18): the due and warning instants of
/// every request still waiting for the administrator's contact (in queue order), the first page of the default view,
/// and the total of open requests. Nothing here depends on the moment of asking: the counters and which rows are
/// overdue are worked out from <c>now</c> on every visit (<see cref="Counts"/>), and the clocks when the page renders.
/// </summary>
public sealed class QueueSnapshot
{
    private readonly DateTime[] _waitingDue;
    private readonly DateTime[] _waitingWarning;
    private readonly QueueItem[] _firstPage;

    public QueueSnapshot(QueueStamp stamp, IReadOnlyList<(DateTime Due, DateTime Warning)> waiting, IReadOnlyList<QueueItem> firstPage, int openTotal)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(firstPage);
        Stamp = stamp;
        // Read in queue order already; sorted here too (stable) because the counters' binary search depends on it.
        var byDue = waiting.OrderBy(w => w.Due).ToList();
        _waitingDue = [.. byDue.Select(w => w.Due)];
        _waitingWarning = [.. byDue.Select(w => w.Warning)];
        _firstPage = [.. firstPage];
        FirstPage = Array.AsReadOnly(_firstPage);
        OpenTotal = openTotal;
    }

    public QueueStamp Stamp { get; }

    /// <summary>Page 1 of the default view: the first waiting requests by due time, then the rest by their next clock.</summary>
    public IReadOnlyList<QueueItem> FirstPage { get; }

    public int OpenTotal { get; }

    /// <summary>The counters at <paramref name="now"/>, exactly as the counting statement would give them.</summary>
    public WaitingCounts Counts(DateTime now)
    {
        // Waiting requests are kept by due time, so the overdue ones (due ≤ now) are a prefix.
        int lo = 0, hi = _waitingDue.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_waitingDue[mid] <= now)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var warning = 0;
        for (var i = lo; i < _waitingWarning.Length; i++)
        {
            if (_waitingWarning[i] <= now)
            {
                warning++;
            }
        }

        return new WaitingCounts(_waitingDue.Length, lo, warning);
    }

    /// <summary>Page 1 of the overdue view: the overdue requests lead the waiting ones, so they are a prefix of page 1.</summary>
    public IReadOnlyList<QueueItem> OverdueFirstPage(int overdue) =>
        new ArraySegment<QueueItem>(_firstPage, 0, Math.Min(Math.Min(overdue, QueueFilter.PageSize), _firstPage.Length));
}

/// <summary>
/// The queue's snapshot and staff members' zones, kept under the queue stamp of <see cref="PublicVersions"/> (ADR 18):
/// read the stamp, then the data, store under the stamp read first; the stamp moves only after a commit, so an entry
/// built from old data is never served under a newer stamp. Used only while the counters are trusted.
/// </summary>
public sealed class QueueCache(PublicVersions versions)
{
    /// <summary>Zones kept per stamp at most (one per staff member who opened the queue).</summary>
    private const int MaxZones = 10_000;

    private QueueSnapshot? _snapshot;
    private ZoneSet? _zones;

    /// <summary>True when every committed change is known here; otherwise read the database.</summary>
    public bool Trusted => versions.Trusted;

    public QueueStamp Stamp => versions.Queue;

    public QueueSnapshot? Snapshot(QueueStamp stamp) => Volatile.Read(ref _snapshot) is { } s && s.Stamp == stamp ? s : null;

    /// <summary>Keeps the snapshot unless a newer one is there already (two visits may build one at the same time).</summary>
    public void Store(QueueSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var current = Volatile.Read(ref _snapshot);
        while (current is null || snapshot.Stamp.IsNewerThan(current.Stamp))
        {
            var seen = Interlocked.CompareExchange(ref _snapshot, snapshot, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    public string? Zone(QueueStamp stamp, Guid userId) =>
        Volatile.Read(ref _zones) is { } set && set.Stamp == stamp && set.Zones.TryGetValue(userId, out var zone) ? zone : null;

    public void StoreZone(QueueStamp stamp, Guid userId, string zone)
    {
        var set = Volatile.Read(ref _zones);
        if (set is null || stamp.IsNewerThan(set.Stamp))
        {
            var fresh = new ZoneSet(stamp, new ConcurrentDictionary<Guid, string>());
            set = Interlocked.CompareExchange(ref _zones, fresh, set) == set ? fresh : Volatile.Read(ref _zones);
        }

        if (set is not null && set.Stamp == stamp && set.Zones.Count < MaxZones)
        {
            set.Zones[userId] = zone;
        }
    }

    private sealed record ZoneSet(QueueStamp Stamp, ConcurrentDictionary<Guid, string> Zones);
}
