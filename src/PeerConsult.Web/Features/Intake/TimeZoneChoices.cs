using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PeerConsult.Web.Features.Intake;

public sealed record ZoneOption(string Id, string Label);

/// <summary>
/// The time-zone list of the request form: Russia's zones first, with a city name people recognise and today's
/// offset, then every other IANA zone. The offset is computed at "now", so it is right in summer and in winter.
/// </summary>
public static class TimeZoneChoices
{
    public static IReadOnlyList<string> Russian { get; } =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
        "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
    ];

    // Region ids only: legacy aliases (US/Eastern, Etc/GMT+5 with its inverted sign) would only confuse.
    private static readonly string[] Regions = ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"];

    private static readonly Lazy<TimeZoneInfo[]> OtherZones = new(() =>
    [
        .. TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && z.Id.Contains('/', StringComparison.Ordinal) && Regions.Contains(z.Id[..z.Id.IndexOf('/', StringComparison.Ordinal)]))
            .Where(z => !Russian.Contains(z.Id))
            .OrderBy(z => z.Id, StringComparer.Ordinal),
    ]);

    /// <summary>"Москва, Санкт-Петербург (UTC+3)"; the names come from the resource key "Zone.{id}".</summary>
    public static IReadOnlyList<ZoneOption> RussianOptions(IStringLocalizer text, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. Russian.Where(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
            .Select(id => new ZoneOption(id, $"{text["Zone." + id]} ({Offset(TimeZoneInfo.FindSystemTimeZoneById(id), utc)})"))];
    }

    /// <summary>"America/New_York (UTC−5)".</summary>
    public static IReadOnlyList<ZoneOption> OtherOptions(DateTime utc) =>
        [.. OtherZones.Value.Select(z => new ZoneOption(z.Id, $"{z.Id} ({Offset(z, utc)})"))];

    public static string Offset(TimeZoneInfo zone, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var offset = zone.GetUtcOffset(utc);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? $"UTC{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}"
            : $"UTC{sign}{abs.ToString(@"h\:mm", CultureInfo.InvariantCulture)}";
    }
}
