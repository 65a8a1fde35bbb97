using PeerConsult.Domain.Common;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

public sealed record ZoneChoice(string Id, string Label);

/// <summary>Time zones offered for a consultant: Russia's zones west to east, then where Russian-speaking mothers often live.</summary>
public static class ZoneChoices
{
    private static readonly string[] Common =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
        "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
        "Europe/Minsk", "Europe/Kyiv", "Europe/Riga", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "Asia/Almaty", "Asia/Tashkent",
        "Asia/Bishkek", "Europe/Istanbul", "Asia/Jerusalem", "Asia/Dubai", "Europe/Berlin", "Europe/Prague", "Europe/Paris",
        "Europe/London", "America/New_York", "UTC",
    ];

    /// <summary>The list with labels such as "Europe/Moscow, UTC+3" at <paramref name="now"/>; a current value outside it is kept.</summary>
    public static IReadOnlyList<ZoneChoice> At(DateTime now, string? current)
    {
        var ids = Common.Where(TimeZones.IsValidIana).ToList();
        if (TimeZones.IsValidIana(current) && !ids.Contains(current!))
        {
            ids.Insert(0, current!);
        }

        return [.. ids.Select(id => new ZoneChoice(id, Times.ZoneLabel(TimeZones.Find(id), now)))];
    }
}
