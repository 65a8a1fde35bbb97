using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
    /// <summary>
    /// The services this model needs on PostgreSQL, given with the options wherever they are built (the app's pooled
    /// registration through <see cref="PersistenceSetup.UsePostgres"/>, `dotnet ef`, the generator, the tests), so all of
    /// them generate the same SQL. Not in <see cref="OnConfiguring"/>: a pooled context's options are fixed, and changing
    /// them there is refused (docs/performance.md, change 26).
    /// </summary>
    public static TBuilder WithPostgresServices<TBuilder>(TBuilder options)
        where TBuilder : DbContextOptionsBuilder
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplaceService<IRelationalAnnotationProvider, PostgresAnnotationProvider>()
            .ReplaceService<IMigrationsSqlGenerator, PostgresMigrationsSqlGenerator>();
        return options;
    }

    /// <summary>A context outside the app's pool (no retries): `dotnet ef`, the generator, tests that look at the database.</summary>
    public static PostgresAppDbContext For(string connectionString) =>
        new(WithPostgresServices(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString)).Options);

    /// <summary>Only checks: options built without <see cref="WithPostgresServices"/> would lose the exclusion constraint's SQL.</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        var replaced = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ReplacedServices;
        if (replaced is null
            || !replaced.Values.Contains(typeof(PostgresAnnotationProvider))
            || !replaced.Values.Contains(typeof(PostgresMigrationsSqlGenerator)))
        {
            throw new InvalidOperationException(
                $"{nameof(PostgresAppDbContext)} needs its options built with {nameof(WithPostgresServices)} (or {nameof(PersistenceSetup)}.{nameof(PersistenceSetup.UsePostgres)}).");
        }
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
