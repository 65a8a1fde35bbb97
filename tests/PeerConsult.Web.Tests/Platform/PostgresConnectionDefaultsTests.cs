using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// On PostgreSQL the app prepares the statements it repeats (docs/perf-pg.md, ADR 19) unless the operator's connection
/// string says otherwise.
/// </summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void ConnectionStringWithoutPreparation_GetsTheAppsDefaults()
    {
        var result = new NpgsqlConnectionStringBuilder(PersistenceSetup.WithPostgresDefaults("Host=db.example;Database=pc;Username=app"));

        Assert.Equal(PersistenceSetup.PostgresMaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(PersistenceSetup.PostgresAutoPrepareMinUsages, result.AutoPrepareMinUsages);
        Assert.Equal("db.example", result.Host);
        Assert.Equal("pc", result.Database);
        Assert.Equal("app", result.Username);
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0", 0, PersistenceSetup.PostgresAutoPrepareMinUsages)]
    [InlineData("Host=db.example;maxautoprepare=10;Auto Prepare Min Usages=7", 10, 7)]
    [InlineData("Host=db.example;AUTO PREPARE MIN USAGES=9", PersistenceSetup.PostgresMaxAutoPrepare, 9)]
    public void OperatorsOwnValues_AreKept(string given, int maxAutoPrepare, int minUsages)
    {
        var result = new NpgsqlConnectionStringBuilder(PersistenceSetup.WithPostgresDefaults(given));

        Assert.Equal(maxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(minUsages, result.AutoPrepareMinUsages);
    }

    [Fact]
    public void ContextBuiltWithoutItsPostgresServices_IsRefused_NamingTheWayToBuildIt()
    {
        // Its migrations would silently lose the exclusion constraint's SQL; no server is needed to find out.
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=db.example").Options);

        var refused = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains(nameof(PostgresAppDbContext.WithPostgresServices), refused.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AppsContexts_ComeFromThePool_WithThePostgresServices()
    {
        // Pooled (docs/performance.md, change 26): the next request gets the context the last one gave back, reset.
        using var factory = PeerConsultFactory.On(DbProvider.Postgres);
        AppDbContext first;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(0, await first.Meetings.CountAsync());
            // What a unit of work may change on its context (MeetingActionsHandler turns savepoints off for its save).
            first.Database.AutoSavepointsEnabled = false;
            first.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<AppDbContext>();

            Assert.Same(first, second);
            Assert.True(second.Database.AutoSavepointsEnabled);
            Assert.Equal(QueryTrackingBehavior.TrackAll, second.ChangeTracker.QueryTrackingBehavior);
            Assert.IsType<PostgresMigrationsSqlGenerator>(second.GetService<IMigrationsSqlGenerator>());
        }
    }

    [PostgresFact]
    public async Task AStatementTheAppRepeats_IsPreparedOnTheServer_AndAnswersTheSame()
    {
        using var factory = PeerConsultFactory.On(DbProvider.Postgres);
        var (counts, prepared) = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                var counts = new List<int>();
                for (var i = 0; i < 3; i++)
                {
                    counts.Add(await db.Consultants.CountAsync(c => c.Published));
                }

                var prepared = await db.Database
                    .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%\"Consultants\"%'")
                    .SingleAsync();
                return (counts, prepared);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.Equal([counts[0], counts[0], counts[0]], counts);
        Assert.Equal(1, prepared);
    }
}
