namespace PeerConsult.Domain.Tests.Builders;

/// <summary>The literal instants the builders use; every test reads its clock from here or from its own literals.</summary>
internal static class Times
{
    /// <summary>Monday 2 March 2026, 12:00 in Moscow.</summary>
    public static readonly DateTime Submitted = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>Six hours after submission, well inside the administrator's 24 hours (R1.2).</summary>
    public static readonly DateTime Contacted = new(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime Assigned = new(2026, 3, 2, 16, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime ContactSent = new(2026, 3, 2, 17, 0, 0, DateTimeKind.Utc);
}

internal static class Ids
{
    public static readonly Guid Mother = Guid.Parse("0195a0c0-0000-7000-8000-000000000001");

    public static readonly Guid Admin = Guid.Parse("0195a0c0-0000-7000-8000-0000000000ad");

    public static readonly Guid ConsultantA = Guid.Parse("0195a0c0-0000-7000-8000-00000000000a");

    public static readonly Guid ConsultantB = Guid.Parse("0195a0c0-0000-7000-8000-00000000000b");

    public static readonly Guid ConsultantC = Guid.Parse("0195a0c0-0000-7000-8000-00000000000c");
}
