using Microsoft.EntityFrameworkCore;
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
