namespace PeerConsult.Web.Infrastructure.Auth;

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Consultant = "Consultant";
    public const string Mother = "Mother";

    public static readonly string[] All = [Administrator, Consultant, Mother];
}

/// <summary>One policy per role (STYLE.md, Edges).</summary>
public static class Policies
{
    public const string Administrator = "Administrator";
    public const string Consultant = "Consultant";
    public const string Mother = "Mother";
}
