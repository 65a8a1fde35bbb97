using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

public sealed class StartupTests
{
    [Fact]
    public void SqliteModel_ComparedWithMigrations_NoPendingChanges()
    {
        // Fails when the model changes without a new migration (STYLE.md, Persistence).
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: add a migration.");
    }

    [Fact]
    public void PostgresModel_ComparedWithMigrations_NoPendingChanges()
    {
        // The PostgreSQL set must keep up too; comparing the model needs no server.
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no PostgreSQL migration captures: run scripts/add-migration.sh.");
    }

    [Fact]
    public void PostgresCreateScript_FromTheModelAlone_CreatesTheMeetingsExclusionConstraintAfterItsTable()
    {
        // The path a regenerated migration set takes (CREATE TABLE, then the constraint), not only the ALTER of today's set.
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);

        var script = db.Database.GenerateCreateScript();

        var extension = script.IndexOf("CREATE EXTENSION IF NOT EXISTS btree_gist", StringComparison.Ordinal);
        var table = script.IndexOf("CREATE TABLE \"Meetings\"", StringComparison.Ordinal);
        var constraint = script.IndexOf($"ALTER TABLE \"Meetings\" ADD CONSTRAINT \"{MeetingNoOverlap.Name}\" {MeetingNoOverlap.Definition};", StringComparison.Ordinal);
        Assert.True(extension >= 0 && table > extension && constraint > table, script);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_OnEachDatabase_MigratesAndServesTheQueue(DbProvider provider)
    {
        // Every migration of the provider's set applies to an empty database and the app answers on it.
        using var factory = PeerConsultFactory.On(provider);
        await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();

        using var response = await admin.GetAsync("/api/v1/requests");

        var json = await response.ExpectAsync(System.Net.HttpStatusCode.OK);
        Assert.Equal(1, json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Start_OnADatabaseOneMigrationBehind_AppliesTheMissingMigration()
    {
        // An upgrade: the previous release migrated the database; start-up asks the history table first
        // (docs/perf-startup.md) and must still apply what is pending.
        using var factory = new PeerConsultFactory();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(factory.SqliteConnectionString).Options;
        string last;
        await using (var db = new SqliteAppDbContext(options))
        {
            var all = db.Database.GetMigrations().ToList();
            last = all[^1];
            await db.GetService<IMigrator>().MigrateAsync(all[^2]);
            Assert.Equal([last], await db.Database.GetPendingMigrationsAsync());
        }

        using var client = factory.CreateClient();

        await using var after = new SqliteAppDbContext(options);
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
        Assert.Contains(last, await after.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public void Start_ZeroAdminResponseDeadline_RefusesNamingTheSetting()
    {
        using var factory = PeerConsultFactory.With(("Policy:AdminResponseDeadline", "00:00:00"));

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("Policy:AdminResponseDeadline must be greater than zero", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
