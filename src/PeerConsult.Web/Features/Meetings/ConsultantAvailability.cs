using System.Globalization;
using System.Text.Json;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;

namespace PeerConsult.Web.Features.Meetings;

/// <summary>
/// A consultant's <see cref="Domain.Consultants.Availability"/> as stored: one row per consultant, keyed by her id, with
/// the weekly windows and the exceptions as JSON columns. The value is always written whole (PUT) and read whole (to
/// compute slots and to check a booking); SQL never filters on a single window, so child tables would only add joins
/// and diffing. A row of its own, rather than columns on Consultants, keeps her profile's Version (and the capacity
/// compare-and-set on that row) untouched by availability edits.
/// </summary>
public sealed class ConsultantAvailability
{
    public const int WeeklyMaxLength = 8000;
    public const int ExceptionsMaxLength = 32000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ConsultantAvailability()
    {
    }

    public Guid ConsultantId { get; private set; }

    public string TimeZone { get; private set; } = "";

    /// <summary>JSON array of {day, start, end} in her zone ("Monday", "10:00", "14:00").</summary>
    public string Weekly { get; private set; } = "[]";

    /// <summary>JSON array of {date, start, end}; no times means a day off.</summary>
    public string Exceptions { get; private set; } = "[]";

    public DateTime UpdatedAt { get; private set; }

    public Guid? UpdatedBy { get; private set; }

    public int Version { get; private set; }

    public static ConsultantAvailability Create(Guid consultantId, Domain.Consultants.Availability value, Guid? by, DateTime now)
    {
        var row = new ConsultantAvailability { ConsultantId = consultantId };
        row.Replace(value, by, now);
        return row;
    }

    public void Replace(Domain.Consultants.Availability value, Guid? by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(value);
        TimeZone = value.TimeZone;
        Weekly = JsonSerializer.Serialize(value.Weekly.Select(w => new WindowJson(w.Day.ToString(), Hm(w.Start), Hm(w.End))), Json);
        Exceptions = JsonSerializer.Serialize(value.Exceptions.Select(e => new ExceptionJson(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Hm(e.Start), Hm(e.End))), Json);
        UpdatedAt = Instants.RequireUtc(now, nameof(now));
        UpdatedBy = by;
    }

    /// <summary>The stored value; it was valid when written, so it is rebuilt without re-validation.</summary>
    public Domain.Consultants.Availability ToDomain() => ToDomain(TimeZone, Weekly, Exceptions);

    /// <summary>The value from its three stored columns (for reads that project them instead of loading the row).</summary>
    public static Domain.Consultants.Availability ToDomain(string timeZone, string weeklyJson, string exceptionsJson)
    {
        var weekly = JsonSerializer.Deserialize<List<WindowJson>>(weeklyJson, Json) ?? [];
        var exceptions = JsonSerializer.Deserialize<List<ExceptionJson>>(exceptionsJson, Json) ?? [];
        return new Domain.Consultants.Availability(
            timeZone,
            [.. weekly.Select(w => new WeeklyWindow(Enum.Parse<DayOfWeek>(w.Day), TimeOnly.Parse(w.Start!, CultureInfo.InvariantCulture), TimeOnly.Parse(w.End!, CultureInfo.InvariantCulture)))],
            [.. exceptions.Select(e => new AvailabilityException(
                DateOnly.ParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                e.Start is null ? null : TimeOnly.Parse(e.Start, CultureInfo.InvariantCulture),
                e.End is null ? null : TimeOnly.Parse(e.End, CultureInfo.InvariantCulture)))]);
    }

    private static string? Hm(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Hm(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private sealed record WindowJson(string Day, string? Start, string? End);

    private sealed record ExceptionJson(string Date, string? Start, string? End);
}
