using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// SQLite writers wait for each other at the app's write gate, asynchronously, instead of asleep in SQLite's busy
/// handler on a pool thread (issue #8, ADR 5 amended). The app's own persistence set-up (pooled contexts) on a file.
/// The booking races themselves (50 bookings of one slot, the forced interleavings) run through the gate in
/// ConcurrentBookingTests and RaceTests.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("peerconsult-gate-").FullName;
    private ServiceProvider _services = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _connectionString = PersistenceSetup.SqliteConnectionStringFor(Path.Combine(_folder, "app.db"));
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["ConnectionStrings:Sqlite"] = _connectionString;
        builder.AddPersistence();
        _services = builder.Services.BuildServiceProvider();
        await WithDbAsync(async db =>
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; CREATE TABLE T (Id INTEGER PRIMARY KEY, Key TEXT NOT NULL UNIQUE);");
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ThirtyTwoWritersAtOnce_AllCommit_OneTransactionAtATime()
    {
        var fallbacks = SqliteWriteGate.FallbacksSoFar;
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await db.Database.ExecuteSqlAsync($"INSERT INTO T (Key) VALUES ({"k" + i})");
            await Task.Delay(5); // an await inside the unit of work: the gate stays held across it
            Interlocked.Decrement(ref inside);
            await tx.CommitAsync();
        }))));

        Assert.Equal(32, await CountAsync());
        Assert.Equal(1, most);
        Assert.False(SqliteWriteGate.IsHeld(_connectionString));
        Assert.Equal(fallbacks, SqliteWriteGate.FallbacksSoFar);
    }

    [Fact]
    public async Task WriterWhileAnotherHoldsTheGate_WaitsWithoutTouchingSqlite_ThenWrites()
    {
        await using var holderScope = _services.CreateAsyncScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tx = await holder.Database.BeginTransactionAsync();
        await holder.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('holder')");

        // A transaction, a statement outside one and a SaveChanges outside one all wait at the gate, and their callers
        // get their thread back at once. (Without the gate, Microsoft.Data.Sqlite's "async" BEGIN would block this very
        // thread in SQLite's busy handler until the holder commits — which it never would: 30 s, then SQLITE_BUSY.)
        var started = System.Diagnostics.Stopwatch.StartNew();
        var transaction = WithDbAsync(async db =>
        {
            await using var t = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('in a transaction')");
            await t.CommitAsync();
        });
        var statement = WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('a statement')"));
        var save = WithDbAsync(db =>
        {
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "waiting", Xml = "<key/>" });
            return db.SaveChangesAsync();
        });
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        Assert.False(transaction.IsCompleted);
        Assert.False(statement.IsCompleted);
        Assert.False(save.IsCompleted);
        Assert.True(SqliteWriteGate.IsHeld(_connectionString));

        await tx.CommitAsync();
        await tx.DisposeAsync();
        await Task.WhenAll(transaction, statement, save).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, await CountAsync());
        Assert.False(SqliteWriteGate.IsHeld(_connectionString));
    }

    [Fact]
    public async Task UnitOfWorkThatFails_WithoutCommitOrRollback_LetsTheGateGo()
    {
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('taken')"));

        // The booking handler's shape: an exception inside `await using var tx`, which is disposed, never rolled back.
        await Assert.ThrowsAsync<SqliteException>(() => WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('new')");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('taken')");
            await tx.CommitAsync();
        }));
        Assert.False(SqliteWriteGate.IsHeld(_connectionString));

        // A SaveChanges that fails (a duplicate key) lets it go too, and the pooled context is usable again.
        var id = await WithDbAsync(async db =>
        {
            var key = new DataProtectionKey { FriendlyName = "one", Xml = "<key/>" };
            db.DataProtectionKeys.Add(key);
            await db.SaveChangesAsync();
            return key.Id;
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => WithDbAsync(db =>
        {
            db.DataProtectionKeys.Add(new DataProtectionKey { Id = id, FriendlyName = "two", Xml = "<key/>" });
            return db.SaveChangesAsync();
        }));
        Assert.False(SqliteWriteGate.IsHeld(_connectionString));

        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('after')")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["after", "taken"], await WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT Key AS \"Value\" FROM T ORDER BY Key").ToListAsync()));
    }

    [Fact]
    public async Task WaitThatIsCancelled_TakesNothing()
    {
        await using var holderScope = _services.CreateAsyncScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tx = await holder.Database.BeginTransactionAsync();

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WithDbAsync(async db =>
        {
            await using var t = await db.Database.BeginTransactionAsync(cancel.Token);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('never')");
            await t.CommitAsync();
        }));

        await tx.RollbackAsync();
        await tx.DisposeAsync();
        Assert.False(SqliteWriteGate.IsHeld(_connectionString));
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO T (Key) VALUES ('next')")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await CountAsync());
    }

    private Task<int> CountAsync() => WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM T").SingleAsync());

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task WithDbAsync(Func<AppDbContext, Task> action) => WithDbAsync(async db =>
    {
        await action(db);
        return true;
    });

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
