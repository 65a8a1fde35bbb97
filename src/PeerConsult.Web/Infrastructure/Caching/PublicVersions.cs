using System.Collections.Concurrent;

namespace PeerConsult.Web.Infrastructure.Caching;

/// <summary>
/// What a committed write changed for the cached read paths: the catalog, some consultants' slots, the administrator's
/// queue (ADR 18), or everything.
/// </summary>
public sealed class PublicChanges
{
    public bool Catalog { get; private set; }

    /// <summary>A row the administrator's queue reads (requests, mothers, consultants, staff accounts) changed.</summary>
    public bool Queue { get; private set; }

    public bool Everything { get; private set; }

    public HashSet<Guid> Consultants { get; } = [];

    public bool IsEmpty => !Catalog && !Queue && !Everything && Consultants.Count == 0;

    public void MarkCatalog() => Catalog = true;

    public void MarkQueue() => Queue = true;

    public void MarkEverything() => Everything = true;

    public void MarkConsultant(Guid id) => Consultants.Add(id);

    public void Merge(PublicChanges other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Catalog |= other.Catalog;
        Queue |= other.Queue;
        Everything |= other.Everything;
        Consultants.UnionWith(other.Consultants);
    }

    /// <summary>As a NOTIFY payload: "*" (everything), "c" (catalog), "q" (queue), consultant ids; PostgreSQL allows under 8000 bytes.</summary>
    public string ToPayload()
    {
        if (Everything || Consultants.Count > 150)
        {
            return "*";
        }

        var parts = Consultants.Select(c => c.ToString("N")).ToList();
        if (Catalog)
        {
            parts.Insert(0, "c");
        }

        if (Queue)
        {
            parts.Insert(0, "q");
        }

        return string.Join(',', parts);
    }

    public static PublicChanges FromPayload(string? payload)
    {
        var changes = new PublicChanges();
        foreach (var part in (payload ?? "*").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "c")
            {
                changes.MarkCatalog();
            }
            else if (part == "q")
            {
                changes.MarkQueue();
            }
            else if (Guid.TryParseExact(part, "N", out var id))
            {
                changes.MarkConsultant(id);
            }
            else
            {
                // Anything this version does not understand (a newer instance's payload, "*") invalidates everything.
                changes.MarkEverything();
            }
        }

        return payload is { Length: > 0 } ? changes : AllChanged();
    }

    private static PublicChanges AllChanged()
    {
        var all = new PublicChanges();
        all.MarkEverything();
        return all;
    }
}

/// <summary>A consultant's slots are current while this stamp is: any change to her hours, meetings or row moves it.</summary>
public readonly record struct SlotsStamp(long Epoch, long Consultant);

/// <summary>The administrator's queue is current while this stamp is: any write to a row it reads moves it.</summary>
public readonly record struct QueueStamp(long Epoch, long Queue)
{
    /// <summary>Stamps only grow (epoch first), so a snapshot under a greater stamp is the newer one.</summary>
    public bool IsNewerThan(QueueStamp other) => Epoch != other.Epoch ? Epoch > other.Epoch : Queue > other.Queue;
}

/// <summary>
/// In-process change counters for what the public pages show (ADR 13). Every committed write that can change the
/// catalog or a consultant's free slots bumps them (<see cref="PublicChangeInterceptor"/> sees every SaveChanges and
/// every other write command; on PostgreSQL the <see cref="PostgresChangeListener"/> brings other instances' commits in).
/// A cache entry is stored under the stamp read <em>before</em> its data was read, and counters move only
/// <em>after</em> the commit, so an entry computed from old data is never served under a newer stamp.
/// Where the counters cannot be trusted (PostgreSQL while the listener is not listening) <see cref="Trusted"/> is false
/// and callers fall back to reading the database (the catalog's fingerprint, slots uncached).
/// </summary>
public sealed class PublicVersions
{
    private readonly ConcurrentDictionary<Guid, long> _consultants = new();
    private long _epoch;
    private long _catalog;
    private long _queue;
    private volatile bool _trusted;

    public PublicVersions(bool trustedFromStart = true)
    {
        _trusted = trustedFromStart;
    }

    /// <summary>Marks this instance's own notices, which its listener skips (they were applied here at the commit).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>True when every committed change that matters is known here (single instance, or the listener is up).</summary>
    public bool Trusted => _trusted;

    public string CatalogStamp => $"{Volatile.Read(ref _epoch)}.{Volatile.Read(ref _catalog)}";

    /// <summary>The administrator's queue is current while this stamp is (ADR 18); later stamps compare greater.</summary>
    public QueueStamp Queue => new(Volatile.Read(ref _epoch), Volatile.Read(ref _queue));

    public SlotsStamp Slots(Guid consultantId) =>
        new(Volatile.Read(ref _epoch), _consultants.TryGetValue(consultantId, out var v) ? v : 0);

    public void Apply(PublicChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Everything)
        {
            BumpEverything();
            return;
        }

        if (changes.Catalog)
        {
            Interlocked.Increment(ref _catalog);
        }

        if (changes.Queue)
        {
            Interlocked.Increment(ref _queue);
        }

        foreach (var id in changes.Consultants)
        {
            _consultants.AddOrUpdate(id, 1, (_, v) => v + 1);
        }
    }

    public void BumpEverything()
    {
        Interlocked.Increment(ref _epoch);
        Interlocked.Increment(ref _catalog);
    }

    /// <summary>The listener lost or regained its connection; on regaining, everything is bumped first (notices may be lost).</summary>
    internal void SetTrusted(bool trusted)
    {
        if (trusted)
        {
            BumpEverything();
        }

        _trusted = trusted;
        if (!trusted)
        {
            BumpEverything();
        }
    }
}
