using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer per database file. Without this gate every other writer waited for the write lock inside
/// SQLite's busy handler — asleep on a thread-pool thread — so under concurrent bookings the pool injected more threads
/// (~3 MB of resident memory each; issue #8). The gate is one <see cref="SemaphoreSlim"/> per database (per connection
/// string) that a unit of work takes, asynchronously, before it starts to write:
/// <list type="bullet">
/// <item>a transaction: before <c>BEGIN</c> (Microsoft.Data.Sqlite begins <c>IMMEDIATE</c>, which takes the write lock
/// at once) until it commits, rolls back or its connection closes;</item>
/// <item>SaveChanges outside a transaction (EF sends a single statement without one): for the save;</item>
/// <item>a write statement outside a transaction (ExecuteUpdate/ExecuteDelete, raw SQL): for the statement.</item>
/// </list>
/// It only orders writers that SQLite would serialise anyway, so it changes no outcome: the database's constraints
/// still decide (ADR 5). A context that holds it re-enters freely (a SaveChanges inside its own transaction). A wait is
/// bounded by the connection's command timeout; after that the writer goes on without the gate and SQLite's own busy
/// timeout (<see cref="SqliteBusyTimeout"/>) decides as before — so a writer that needs the gate while another of its
/// own units of work holds it fails as it did without the gate, never hangs. Other processes on the same file (the
/// benchmark's generator, a migration) are not gated: SQLite's busy timeout still covers them. Reads are not gated.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    private static readonly ConcurrentDictionary<string, Gate> Gates = new(StringComparer.Ordinal);

    private readonly ConditionalWeakTable<DbContext, Hold> _holds = new();

    /// <summary>Times a writer gave up waiting for the gate and fell back to SQLite's busy timeout (for tests).</summary>
    public static long FallbacksSoFar => Interlocked.Read(ref _fallbacks);

    private static long _fallbacks;

    /// <summary>True when some writer holds the gate of this database (for tests).</summary>
    public static bool IsHeld(string connectionString) => Gates.TryGetValue(connectionString, out var gate) && gate.Semaphore.CurrentCount == 0;

    // Transactions: take the gate, then begin (so a failed BEGIN gives it back); give it back when the transaction ends.
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (result.HasResult || eventData.Context is not { } context || connection is not SqliteConnection sqlite)
        {
            return result;
        }

        Enter(context, sqlite, Reason.Transaction);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(sqlite.BeginTransaction(eventData.IsolationLevel));
        }
        catch
        {
            Leave(context, Reason.Transaction);
            throw;
        }
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (result.HasResult || eventData.Context is not { } context || connection is not SqliteConnection sqlite)
        {
            return result;
        }

        await EnterAsync(context, sqlite, Reason.Transaction, cancellationToken, withoutConnection: true);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(await sqlite.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken));
        }
        catch
        {
            Leave(context, Reason.Transaction);
            throw;
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData?.Context, Reason.Transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData?.Context, Reason.Transaction);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData?.Context, Reason.Transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData?.Context, Reason.Transaction);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData?.Context, Reason.Transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData?.Context, Reason.Transaction);

    // SaveChanges outside a transaction: EF writes a single statement without one, or begins its own (which re-enters).
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (NeedsGateToSave(eventData?.Context, out var context, out var sqlite))
        {
            Enter(context, sqlite, Reason.Save);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (NeedsGateToSave(eventData?.Context, out var context, out var sqlite))
        {
            await EnterAsync(context, sqlite, Reason.Save, cancellationToken);
        }

        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave(eventData?.Context, Reason.Save);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData?.Context, Reason.Save);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Leave(eventData?.Context, Reason.Save);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) => Left(eventData?.Context, Reason.Save);

    public void SaveChangesCanceled(DbContextEventData eventData) => Leave(eventData?.Context, Reason.Save);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) => Left(eventData?.Context, Reason.Save);

    // A write statement outside a transaction (ExecuteUpdate, ExecuteDelete, raw SQL): for the statement.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (NeedsGateToExecute(command, eventData, out var context, out var sqlite))
        {
            Enter(context, sqlite, Reason.Statement);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (NeedsGateToExecute(command, eventData, out var context, out var sqlite))
        {
            await EnterAsync(context, sqlite, Reason.Statement, cancellationToken);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Leave(eventData?.Context, Reason.Statement);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData?.Context, Reason.Statement);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Leave(eventData?.Context, Reason.Statement);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData?.Context, Reason.Statement);

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Leave(eventData?.Context, Reason.Statement);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData?.Context, Reason.Statement);

    // A closed connection has no transaction left (closing rolls back an open one): whatever this context held is free.
    // This is also how a transaction disposed without commit or rollback (an exception in its unit of work) lets go.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => LeaveAll(eventData?.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        LeaveAll(eventData?.Context);
        return Task.CompletedTask;
    }

    private bool NeedsGateToSave(DbContext? candidate, out DbContext context, out SqliteConnection sqlite)
    {
        context = candidate!;
        sqlite = null!;
        if (candidate is null || candidate.Database.CurrentTransaction is not null || candidate.Database.GetDbConnection() is not SqliteConnection connection
            || HeldBy(candidate) || !candidate.ChangeTracker.HasChanges())
        {
            return false;
        }

        sqlite = connection;
        return true;
    }

    private bool NeedsGateToExecute(DbCommand command, CommandEventData eventData, out DbContext context, out SqliteConnection sqlite)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        context = eventData.Context!;
        sqlite = null!;
        if (eventData.Context is null || command.Transaction is not null || command.Connection is not SqliteConnection connection || HeldBy(eventData.Context))
        {
            return false;
        }

        sqlite = connection;
        return true;
    }

    private bool HeldBy(DbContext context) => _holds.TryGetValue(context, out var hold) && hold.Depth > 0;

    private void Enter(DbContext context, SqliteConnection connection, Reason reason)
    {
        var hold = _holds.GetValue(context, _ => new Hold());
        if (hold.Depth == 0)
        {
            var gate = GateFor(connection).Semaphore;
            hold.Gate = gate.Wait(TimeoutOf(connection)) ? gate : Fallback();
        }

        hold.Enter(reason);
    }

    private async ValueTask EnterAsync(DbContext context, SqliteConnection connection, Reason reason, CancellationToken cancellationToken, bool withoutConnection = false)
    {
        var hold = _holds.GetValue(context, _ => new Hold());
        if (hold.Depth == 0)
        {
            var gate = GateFor(connection);
            if (gate.Semaphore.Wait(0))
            {
                hold.Gate = gate.Semaphore;
            }
            else if (withoutConnection && gate.FileBacked && connection.State == ConnectionState.Open)
            {
                // EF opened the connection before asking to begin. Waiting with it open would keep one pooled SQLite
                // connection (its page cache and schema, ~0.5 MB) per waiting writer: give it back to the pool while
                // waiting and take one again when it is this writer's turn (a file database loses nothing by that).
                await connection.CloseAsync();
                SemaphoreSlim? taken = null;
                Exception? waitFailed = null;
                try
                {
                    taken = await gate.Semaphore.WaitAsync(TimeoutOf(connection), cancellationToken) ? gate.Semaphore : Fallback();
                }
                catch (OperationCanceledException cancelled)
                {
                    waitFailed = cancelled;
                }

                // Open again in every case: EF still counts the connection as open.
                try
                {
                    await connection.OpenAsync(CancellationToken.None);
                    SqliteBusyTimeout.Apply(connection);
                }
                catch
                {
                    taken?.Release();
                    throw;
                }

                if (waitFailed is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(waitFailed);
                }

                hold.Gate = taken;
            }
            else
            {
                hold.Gate = await gate.Semaphore.WaitAsync(TimeoutOf(connection), cancellationToken) ? gate.Semaphore : Fallback();
            }
        }

        hold.Enter(reason);
    }

    private void Leave(DbContext? context, Reason reason)
    {
        if (context is not null && _holds.TryGetValue(context, out var hold))
        {
            hold.Leave(reason);
        }
    }

    private Task Left(DbContext? context, Reason reason)
    {
        Leave(context, reason);
        return Task.CompletedTask;
    }

    private void LeaveAll(DbContext? context)
    {
        if (context is not null && _holds.TryGetValue(context, out var hold))
        {
            hold.LeaveAll();
        }
    }

    private static Gate GateFor(SqliteConnection connection) => Gates.GetOrAdd(connection.ConnectionString, static cs => new Gate(cs));

    private static TimeSpan TimeoutOf(SqliteConnection connection) => TimeSpan.FromSeconds(connection.DefaultTimeout > 0 ? connection.DefaultTimeout : 30);

    private static SemaphoreSlim? Fallback()
    {
        Interlocked.Increment(ref _fallbacks);
        return null;
    }

    /// <summary>One database's gate; whether it is a file (an in-memory database must keep its connection open).</summary>
    private sealed class Gate(string connectionString)
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public bool FileBacked { get; } = new SqliteConnectionStringBuilder(connectionString) is { Mode: not SqliteOpenMode.Memory } builder
            && !string.IsNullOrEmpty(builder.DataSource) && !builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
    }

    private enum Reason
    {
        Transaction,
        Save,
        Statement,
    }

    /// <summary>
    /// What one context holds. A context is used by one flow at a time, so no lock: the gate it took (null after a
    /// timed-out wait) and why — a transaction, a save and a statement nest, each let go by its own end.
    /// </summary>
    private sealed class Hold
    {
        private readonly bool[] _reasons = new bool[3];

        public SemaphoreSlim? Gate { get; set; }

        public int Depth { get; private set; }

        public void Enter(Reason reason)
        {
            if (!_reasons[(int)reason])
            {
                _reasons[(int)reason] = true;
                Depth++;
            }
        }

        public void Leave(Reason reason)
        {
            if (_reasons[(int)reason])
            {
                _reasons[(int)reason] = false;
                Depth--;
                if (Depth == 0)
                {
                    Free();
                }
            }
        }

        public void LeaveAll()
        {
            if (Depth > 0)
            {
                Array.Clear(_reasons);
                Depth = 0;
                Free();
            }
        }

        private void Free()
        {
            var gate = Gate;
            Gate = null;
            gate?.Release();
        }
    }
}
