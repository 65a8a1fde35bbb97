using System.Data.Common;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// What every app SQLite connection gets when it opens (ADR 5, docs/performance.md change 20): how a writer waits for
/// SQLite's one write lock, and how often the write-ahead log is copied back into the database.
/// </summary>
/// <remarks>
/// <para>
/// <b>Waiting for the write lock.</b> Microsoft.Data.Sqlite's own retry sleeps 150 ms at a time, and SQLite's
/// <c>busy_timeout</c> sleeps 1, 2, 5 … up to 100 ms: under concurrent bookings most writers are deep in those
/// sleeps, and the lock sits free until one of them wakes (issue #8). This handler waits at most 1 ms at a time and is
/// woken at once when a write of this process ends (a transaction's commit or rollback, or a write statement outside a
/// transaction), so the lock passes to a waiting writer without a gap; the 1 ms bound covers writes it does not hear
/// of (another process, a raw transaction). It gives up after the connection's command timeout, as the old timeout did.
/// </para>
/// <para>
/// <b>Checkpoints.</b> SQLite copies the log back into the database file in the commit that takes the log past
/// <c>wal_autocheckpoint</c> pages (1,000 by default, ~4 MB). A booking writes ~30 pages, so every ~33rd booking paid
/// for a checkpoint, and the pages every booking touches (the end of the outbox, the history, the quarters) were
/// copied and synced again each time. At 10,000 pages (~40 MB of log) a page written many times between two
/// checkpoints is copied once. The log's size is bounded by it; nothing about durability changes.
/// </para>
/// </remarks>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    /// <summary>Pages in the write-ahead log before a commit copies them back (SQLite's default: 1,000).</summary>
    public const int WalAutoCheckpointPages = 10_000;

    /// <summary>The longest a waiting writer sleeps before it tries the lock again without being woken.</summary>
    private const int PollMilliseconds = 1;

    private static readonly object WriteEnded = new();

    /// <summary>Kept in a static field: native code holds a pointer to it for as long as the process runs.</summary>
    private static readonly BusyHandler OnBusy = WaitForTheLock;

    /// <summary>When the current thread's wait for the lock began (SQLite calls the handler on the waiting thread).</summary>
    [ThreadStatic]
    private static long _waitStarted;

    private static bool _nativeHandlerMissing;

    private delegate int BusyHandler(nint limitMilliseconds, int count);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => WakeOneWriter();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeOneWriter();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => WakeOneWriter();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeOneWriter();
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        WakeAfterStatement(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>The busy timeout SQLite itself would apply on this connection (0 while the app's handler is in charge).</summary>
    public static int BusyTimeout(SqliteConnection connection) => Pragma(connection, "busy_timeout");

    /// <summary>The connection's <c>wal_autocheckpoint</c> in pages.</summary>
    public static int WalAutoCheckpoint(SqliteConnection connection) => Pragma(connection, "wal_autocheckpoint");

    private static int Pragma(SqliteConnection connection, string name)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite)
        {
            return;
        }

        var limit = (sqlite.DefaultTimeout > 0 ? sqlite.DefaultTimeout : 30) * 1000;
        if (!TrySetBusyHandler(handle, limit))
        {
            // A SQLite build without the e_sqlite3 library's entry point: SQLite's own sleeps, as before.
            SQLitePCL.raw.sqlite3_busy_timeout(handle, limit);
        }

        SQLitePCL.raw.sqlite3_wal_autocheckpoint(handle, WalAutoCheckpointPages);
    }

    private static bool TrySetBusyHandler(SQLitePCL.sqlite3 handle, int limitMilliseconds)
    {
        if (_nativeHandlerMissing)
        {
            return false;
        }

        try
        {
            return SetBusyHandler(handle.DangerousGetHandle(), OnBusy, limitMilliseconds) == SQLitePCL.raw.SQLITE_OK;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _nativeHandlerMissing = true;
            return false;
        }
    }

    /// <summary>SQLite asks whether to try the lock again (non-zero) or give up with SQLITE_BUSY (zero).</summary>
    private static int WaitForTheLock(nint limitMilliseconds, int count)
    {
        if (count == 0)
        {
            _waitStarted = Stopwatch.GetTimestamp();
        }
        else if (Stopwatch.GetElapsedTime(_waitStarted).TotalMilliseconds >= limitMilliseconds)
        {
            return 0;
        }

        lock (WriteEnded)
        {
            Monitor.Wait(WriteEnded, PollMilliseconds);
        }

        return 1;
    }

    private static void WakeAfterStatement(DbCommand command)
    {
        if (command is SqliteCommand { Transaction: null })
        {
            WakeOneWriter();
        }
    }

    /// <summary>One waiter is enough: only one can take the lock; if a newcomer took it first, its end wakes the next.</summary>
    private static void WakeOneWriter()
    {
        lock (WriteEnded)
        {
            Monitor.Pulse(WriteEnded);
        }
    }

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_busy_handler")]
    private static extern int SetBusyHandler(nint database, BusyHandler handler, nint limitMilliseconds);
}
