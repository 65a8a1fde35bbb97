using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>The app's SQLite connections let SQLite wait for the write lock itself (issue #8), not 150 ms naps.</summary>
public sealed class SqliteBusyTimeoutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("peerconsult-busy-").FullName;

    [Fact]
    public async Task AppSqliteConnection_OnEveryOpen_HasSqliteBusyTimeoutOfTheCommandTimeout()
    {
        await using var services = AppServices();
        for (var i = 0; i < 2; i++)
        {
            // Twice: the second open comes from the pool, and the setting must hold there too.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(30_000, SqliteBusyTimeout.Current((SqliteConnection)db.Database.GetDbConnection()));
        }

        // A plain connection (no interceptor) has none: SQLite's default is to fail at once.
        await using var plain = new SqliteConnection($"Data Source={Path.Combine(_folder, "app.db")}");
        await plain.OpenAsync();
        Assert.Equal(0, SqliteBusyTimeout.Current(plain));
    }

    [Fact]
    public async Task WriterWhileAnotherHoldsTheLock_WaitsAndSucceeds()
    {
        await using var services = AppServices();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE T (Id INTEGER PRIMARY KEY);");

        await using var holder = new SqliteConnection($"Data Source={Path.Combine(_folder, "app.db")}");
        await holder.OpenAsync();
        await using var held = (SqliteTransaction)await holder.BeginTransactionAsync();
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            await held.CommitAsync();
        });

        await db.Database.ExecuteSqlRawAsync("INSERT INTO T (Id) VALUES (1);");
        await release;
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM T").SingleAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ServiceProvider AppServices()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["ConnectionStrings:Sqlite"] = PersistenceSetup.SqliteConnectionStringFor(Path.Combine(_folder, "app.db"));
        builder.AddPersistence();
        return builder.Services.BuildServiceProvider();
    }
}
