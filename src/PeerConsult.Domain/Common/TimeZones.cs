namespace PeerConsult.Domain.Common;

public static class TimeZones
{
    /// <summary>Accepts IANA ids only ("Europe/Moscow"); every person's zone is shown next to every time.</summary>
    public static bool IsValidIana(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.Contains('/', StringComparison.Ordinal) && id != "UTC")
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
    }

    public static TimeZoneInfo Find(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static DateTime ToLocal(DateTime utc, string zoneId) =>
        TimeZoneInfo.ConvertTimeFromUtc(Instants.RequireUtc(utc, nameof(utc)), Find(zoneId));
}
