namespace PeerConsult.Domain.Common;

public static class Instants
{
    /// <summary>All instants are UTC (RULES.md, Time). Catching a local or unspecified value early is cheaper than a wrong clock.</summary>
    public static DateTime RequireUtc(DateTime value, string name) =>
        value.Kind == DateTimeKind.Utc ? value : throw new ArgumentException($"{name} must be a UTC instant.", name);
}
