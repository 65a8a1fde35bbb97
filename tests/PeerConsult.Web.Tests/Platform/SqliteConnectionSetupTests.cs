using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// The app's SQLite connections wait for the write lock in the app's busy handler (woken when a write ends, bounded by
/// the command timeout) and checkpoint the log every 10,000 pages (issue #8, ADR 5).
/// </summary>
public sealed class SqliteConnectionSetupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("peerconsult-busy-").FullName;

    private string DatabasePath => Path.Combine(_folder, "app.db");

    [Fact]
    public async Task AppSqliteConnection_OnEveryOpen_HasTheAppsHandlerAndCheckpointInterval()
    {
        await using var services = AppServices();
        for (var i = 0; i < 2; i++)
        {
            // Twice: the second open comes from the pool, and the settings must hold there too.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal(SqliteConnectionSetup.WalAutoCheckpointPages, SqliteConnectionSetup.WalAutoCheckpoint(connection));
            // SQLite reports no timeout of its own once a busy handler is installed.
            Assert.Equal(0, SqliteConnectionSetup.BusyTimeout(connection));
        }

        await using var plain = new SqliteConnection($"Data Source={DatabasePath}");
        await plain.OpenAsync();
        Assert.Equal(1000, SqliteConnectionSetup.WalAutoCheckpoint(plain));
    }

    [Fact]
    public async Task BeginImmediateWhileAnotherHoldsTheLock_WaitsInTheHandlerAndGetsTheLock()
    {
        await using var two = await TwoConnectionsAsync();
        var (db, handle) = (two.Db, two.Handle);
        var held = (SqliteTransaction)await two.Holder.BeginTransactionAsync();
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            await held.CommitAsync();
            await held.DisposeAsync();
        });

        // Straight to SQLite, past Microsoft.Data.Sqlite's own retry loop: without a handler this is SQLITE_BUSY at once.
        var begun = await Task.Run(() => SQLitePCL.raw.sqlite3_exec(handle, "BEGIN IMMEDIATE;"));
        await release;

        Assert.Equal(SQLitePCL.raw.SQLITE_OK, begun);
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(handle, "INSERT INTO T (Id) VALUES (1); COMMIT;"));
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM T").SingleAsync());
    }

    [Fact]
    public async Task LockHeldLongerThanTheCommandTimeout_HandlerGivesUpWithBusy()
    {
        await using var two = await TwoConnectionsAsync(";Default Timeout=1");
        var handle = two.Handle;
        await using (var held = (SqliteTransaction)await two.Holder.BeginTransactionAsync())
        {
            var begun = await Task.Run(() => SQLitePCL.raw.sqlite3_exec(handle, "BEGIN IMMEDIATE;"));
            Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, begun);
            await held.CommitAsync();
        }

        // The connection is not left waiting or broken: the next try gets the lock.
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(handle, "BEGIN IMMEDIATE; INSERT INTO T (Id) VALUES (1); COMMIT;"));
    }

    [Fact]
    public async Task WriterThroughEfWhileAnotherHoldsTheLock_WaitsAndSucceeds()
    {
        await using var services = AppServices();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE T (Id INTEGER PRIMARY KEY);");

        await using var holder = new SqliteConnection($"Data Source={DatabasePath}");
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

    /// <summary>The app's connection (opened, a table T made) and a plain one to hold the lock with.</summary>
    private async Task<TwoConnections> TwoConnectionsAsync(string extra = "")
    {
        var services = AppServices(extra);
        var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE T (Id INTEGER PRIMARY KEY);");
        await db.Database.OpenConnectionAsync();
        var holder = new SqliteConnection($"Data Source={DatabasePath}");
        await holder.OpenAsync();
        return new TwoConnections(services, scope, db, ((SqliteConnection)db.Database.GetDbConnection()).Handle!, holder);
    }

    private sealed record TwoConnections(ServiceProvider Services, AsyncServiceScope Scope, AppDbContext Db, SQLitePCL.sqlite3 Handle, SqliteConnection Holder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Holder.DisposeAsync();
            await Scope.DisposeAsync();
            await Services.DisposeAsync();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ServiceProvider AppServices(string extra = "")
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["ConnectionStrings:Sqlite"] = PersistenceSetup.SqliteConnectionStringFor(DatabasePath) + extra;
        builder.AddPersistence();
        return builder.Services.BuildServiceProvider();
    }
}
