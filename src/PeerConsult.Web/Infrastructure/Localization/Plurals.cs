using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PeerConsult.Web.Infrastructure.Localization;

/// <summary>
/// A number with its word in the right form ("1 час", "2 часа", "5 часов"): the feature's resource holds
/// Key.One, Key.Few and Key.Many, each with "{0}" for the number. Policy values reach the texts this way,
/// so no rule number is ever written into a sentence (RULES.md: every number is policy data).
/// </summary>
public static class Plurals
{
    public static string Count(this IStringLocalizer text, string key, long n)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text[$"{key}.{Category(n, CultureInfo.CurrentUICulture)}", n];
    }

    /// <summary>Whole hours as hours ("24 часа"); anything finer as minutes.</summary>
    public static string Hours(this IStringLocalizer text, TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerHour == 0 ? text.Count("Hours", (long)span.TotalHours) : text.Minutes(span);

    public static string Minutes(this IStringLocalizer text, TimeSpan span) => text.Count("Minutes", (long)Math.Ceiling(span.TotalMinutes));

    /// <summary>Whole days as days ("30 дней"); anything finer as hours.</summary>
    public static string Days(this IStringLocalizer text, TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? text.Count("Days", (long)span.TotalDays) : text.Hours(span);

    public static string Category(long n, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (culture.TwoLetterISOLanguageName != "ru")
        {
            return n == 1 ? "One" : "Many";
        }

        var (last, lastTwo) = (Math.Abs(n) % 10, Math.Abs(n) % 100);
        return last == 1 && lastTwo != 11 ? "One"
            : last is >= 2 and <= 4 && lastTwo is < 12 or > 14 ? "Few"
            : "Many";
    }
}
