using System.Globalization;
using PeerConsult.Domain.Common;

namespace PeerConsult.Web.Infrastructure.Localization;

/// <summary>Every time shown says which zone it is in (RULES.md, Time).</summary>
public static class Times
{
    public static string Format(DateTime utc, string zoneId, CultureInfo? culture = null) => Format(utc, TimeZones.Find(zoneId), culture);

    /// <summary>The same, for a page that shows many times in one zone and looks the zone up once.</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        culture ??= CultureInfo.CurrentCulture;
        var local = TimeZoneInfo.ConvertTimeFromUtc(Instants.RequireUtc(utc, nameof(utc)), zone);
        return $"{local.ToString("g", culture)} ({ZoneLabel(zone, utc)})";
    }

    /// <summary>"Europe/Moscow, UTC+3" — the IANA name people search for and the offset at that instant.</summary>
    public static string ZoneLabel(TimeZoneInfo zone, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var offset = zone.GetUtcOffset(utc);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var abs = offset.Duration();
        var hours = abs.Minutes == 0
            ? abs.Hours.ToString(CultureInfo.InvariantCulture)
            : abs.ToString(@"h\:mm", CultureInfo.InvariantCulture);
        return $"{zone.Id}, UTC{sign}{hours}";
    }

    /// <summary>ISO 8601 with offset for the API and for &lt;time datetime&gt;.</summary>
    public static string Iso(DateTime utc) =>
        new DateTimeOffset(Instants.RequireUtc(utc, nameof(utc))).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>"3 ч 12 мин", "48 ч", "5 д 2 ч" / "3 h 12 min": a duration a tired person can read at a glance.</summary>
    public static string Duration(TimeSpan span, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var ru = culture.TwoLetterISOLanguageName == "ru";
        string U(string r, string e) => ru ? r : e;
        span = span.Duration();
        var hours = (int)span.TotalHours;
        if (hours >= 72)
        {
            return span.Hours == 0 ? $"{span.Days} {U("д", "d")}" : $"{span.Days} {U("д", "d")} {span.Hours} {U("ч", "h")}";
        }

        if (hours >= 1)
        {
            return span.Minutes == 0 ? $"{hours} {U("ч", "h")}" : $"{hours} {U("ч", "h")} {span.Minutes} {U("мин", "min")}";
        }

        return span.Minutes >= 1 || span.Seconds == 0 ? $"{span.Minutes} {U("мин", "min")}" : $"{span.Seconds} {U("с", "s")}";
    }
}
