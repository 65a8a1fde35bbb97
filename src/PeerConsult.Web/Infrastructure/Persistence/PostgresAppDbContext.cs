using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using PeerConsult.Domain.Meetings;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// The model on PostgreSQL: the shared model plus what only PostgreSQL can hold — the exclusion constraint that makes
/// overlapping meetings of one consultant impossible in the database itself (ADR 0011), next to the quarter key both
/// providers share (ADR 0005).
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);

        // Here, not where the provider is chosen, so the app, the tests and `dotnet ef` all generate the same SQL.
        optionsBuilder
            .ReplaceService<IRelationalAnnotationProvider, PostgresAnnotationProvider>()
            .ReplaceService<IMigrationsSqlGenerator, PostgresMigrationsSqlGenerator>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // btree_gist lets a GiST index compare plain values (the consultant's id) with "=" next to the time range.
        builder.HasPostgresExtension("btree_gist");
        builder.Entity<Meeting>().HasExclusionConstraint(MeetingNoOverlap.Name, MeetingNoOverlap.Definition);
    }
}

/// <summary>A consultant's meetings that hold her time (<see cref="Meeting.HoldsConsultantTime"/>) never overlap.</summary>
public static class MeetingNoOverlap
{
    public const string Name = "EX_Meetings_Consultant_NoOverlap";

    /// <summary>
    /// Half-open ranges ([start, end), tstzrange's default), so back-to-back meetings do not collide. The statuses come
    /// from the domain's switch: a new status is a compile error there and then a pending model change here.
    /// </summary>
    public static string Definition { get; } =
        "EXCLUDE USING gist (\"ConsultantId\" WITH =, tstzrange(\"Start\", \"End\") WITH &&) WHERE (\"Status\" NOT IN ("
        + string.Join(", ", Enum.GetValues<MeetingStatus>().Where(s => !Meeting.HoldsConsultantTime(s)).Select(s => $"'{s}'"))
        + "))";
}
