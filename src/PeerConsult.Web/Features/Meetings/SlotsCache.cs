using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Consultants;
using PeerConsult.Web.Infrastructure.Caching;
using PeerConsult.Web.Infrastructure.Http;

namespace PeerConsult.Web.Features.Meetings;

/// <summary>
/// A consultant's free slots over whole UTC days, before anything that depends on the moment of asking (ADR 13):
/// the change cutoff (R4.1), the asked range and a mother's weekly rule (R3.2) are applied per request to the
/// sorted list. The API's JSON of every slot is kept too, so an answer is a slice of these bytes.
/// </summary>
public sealed class FreeSlotSet
{
    private readonly byte[] _json;
    private readonly int[] _offsets;

    private FreeSlotSet(SlotsStamp stamp, TimeSlot[] slots, byte[] json, int[] offsets)
    {
        Stamp = stamp;
        Slots = slots;
        _json = json;
        _offsets = offsets;
    }

    public SlotsStamp Stamp { get; }

    /// <summary>Sorted by start.</summary>
    public IReadOnlyList<TimeSlot> Slots { get; }

    /// <summary>Bytes the cache holds, roughly: its size in <see cref="SlotsCache"/>'s limit.</summary>
    public long Size => _json.Length + (Slots.Count * 24L) + 64;

    public static FreeSlotSet Create(SlotsStamp stamp, IReadOnlyList<TimeSlot> slots, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var sorted = slots.OrderBy(s => s.Start).ToArray();
        var buffer = new ArrayBufferWriter<byte>(Math.Max(64, sorted.Length * 64));
        var offsets = new int[sorted.Length + 1];
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = json.Encoder }))
        {
            for (var i = 0; i < sorted.Length; i++)
            {
                offsets[i] = buffer.WrittenCount;
                JsonSerializer.Serialize(writer, new MeetingsApi.SlotBody(ApiJson.Instant(sorted[i].Start), ApiJson.Instant(sorted[i].End)), json);
                writer.Flush();
                buffer.Write(","u8);
                writer.Reset();
            }
        }

        offsets[sorted.Length] = buffer.WrittenCount;
        return new FreeSlotSet(stamp, sorted, buffer.WrittenSpan.ToArray(), offsets);
    }

    /// <summary>The slots with from ≤ start &lt; to, as index bounds [first, end) into <see cref="Slots"/>.</summary>
    public (int First, int End) Range(DateTime from, DateTime to) => (FirstAtOrAfter(from), FirstAtOrAfter(to));

    /// <summary>The JSON array of <see cref="Slots"/>[first..end), exactly as the API serialises a list of them.</summary>
    public ReadOnlyMemory<byte> JsonElements(int first, int end) =>
        first >= end ? ReadOnlyMemory<byte>.Empty : _json.AsMemory(_offsets[first], _offsets[end] - _offsets[first] - 1);

    private int FirstAtOrAfter(DateTime instant)
    {
        int lo = 0, hi = Slots.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Slots[mid].Start < instant)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

/// <summary>
/// Free slot sets by (consultant, day range), valid while her <see cref="SlotsStamp"/> is unchanged. Bounded in bytes;
/// entries nobody asks for leave after <see cref="Idle"/>.
/// </summary>
public sealed class SlotsCache(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IDisposable
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 16 * 1024 * 1024 });

    public JsonSerializerOptions Json => json.Value.SerializerOptions;

    public FreeSlotSet? Find(Guid consultantId, DateTime from, DateTime to, SlotsStamp stamp) =>
        _cache.TryGetValue(new Key(consultantId, from, to), out FreeSlotSet? set) && set!.Stamp == stamp ? set : null;

    public void Store(Guid consultantId, DateTime from, DateTime to, FreeSlotSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        _cache.Set(new Key(consultantId, from, to), set, new MemoryCacheEntryOptions { Size = set.Size, SlidingExpiration = Idle });
    }

    public void Dispose() => _cache.Dispose();

    private readonly record struct Key(Guid ConsultantId, DateTime From, DateTime To);
}
