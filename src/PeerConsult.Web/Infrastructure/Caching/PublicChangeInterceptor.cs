using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Meetings;

namespace PeerConsult.Web.Infrastructure.Caching;

/// <summary>
/// Sees every write the app makes through EF Core and tells <see cref="PublicVersions"/> what it changed, after the
/// commit (ADR 13; the administrator's queue: ADR 18 — any write to Requests, Mothers, Consultants or AspNetUsers). Nothing has to remember to call it:
/// <list type="bullet">
/// <item>SaveChanges: the change tracker says which rows change — a consultant (the catalog and her slots), her hours,
/// her busy quarters or a meeting (her slots).</item>
/// <item>Any other write command (ExecuteUpdate/ExecuteDelete, raw SQL) on Consultants, ConsultantAvailability,
/// ConsultantBusyQuarters or Meetings is recognised by its SQL: an UPDATE of Consultants changes the catalog,
/// anything else changes every consultant's slots.</item>
/// <item>Inside a transaction the counters move when it commits (nothing if it rolls back); outside one, right after
/// the statement. On PostgreSQL the same changes go out as a NOTIFY sent inside the committing transaction, so other
/// instances hear of exactly the commits that happened (<see cref="PostgresChangeListener"/>).</item>
/// </list>
/// </summary>
public sealed partial class PublicChangeInterceptor(PublicVersions versions, string? postgresConnectionString)
    : SaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Channel = "peerconsult_public";

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData?.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData?.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData?.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData?.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Failed(eventData?.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData?.Context);
        return Task.CompletedTask;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Executed(command, eventData);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Executed(command, eventData);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(command, eventData);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Executed(command, eventData);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Executed(command, eventData);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Executed(command, eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (PendingOf(eventData?.Context) is { Changes.IsEmpty: false } pending && IsPostgres(eventData!.Context!))
        {
            using var notify = NotifyCommand(transaction, pending.Changes);
            notify.ExecuteNonQuery();
        }

        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (PendingOf(eventData?.Context) is { Changes.IsEmpty: false } pending && IsPostgres(eventData!.Context!))
        {
            await using var notify = NotifyCommand(transaction, pending.Changes);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData?.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData?.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData?.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData?.Context);
        return Task.CompletedTask;
    }

    // A commit that failed may or may not have happened: count it as changed (a needless miss is harmless).
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Flush(eventData?.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData?.Context);
        return Task.CompletedTask;
    }

    /// <summary>What a SaveChanges is about to write, from the change tracker (which SaveChanges fills anyway).</summary>
    internal static PublicChanges Scan(DbContext context)
    {
        var changes = new PublicChanges();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry.Metadata.GetTableName() is { } table && QueueTables.Contains(table))
            {
                changes.MarkQueue();
            }

            switch (entry.Entity)
            {
                case Consultant c:
                    changes.MarkCatalog();
                    changes.MarkConsultant(c.Id);
                    break;
                case ConsultantAvailability a:
                    changes.MarkConsultant(a.ConsultantId);
                    break;
                case BusyQuarter q:
                    changes.MarkConsultant(q.ConsultantId);
                    break;
                case Meeting m:
                    changes.MarkConsultant(m.ConsultantId);
                    break;
            }
        }

        return changes;
    }

    /// <summary>A write that bypassed the change tracker, recognised by its SQL (null: not one that matters).</summary>
    internal static PublicChanges? ScanSql(string? sql)
    {
        if (sql is null || !MayWrite(sql) || !(sql.Contains("Consultant", StringComparison.OrdinalIgnoreCase) || sql.Contains("Meetings", StringComparison.OrdinalIgnoreCase)
            || sql.Contains("Requests", StringComparison.OrdinalIgnoreCase) || sql.Contains("Mothers", StringComparison.OrdinalIgnoreCase)
            || sql.Contains("AspNetUsers", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        PublicChanges? changes = null;
        foreach (Match match in WriteStatement().Matches(sql))
        {
            changes ??= new PublicChanges();
            var isUpdate = match.Groups["verb"].Value.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase);
            var table = match.Groups["table"].Value;
            if (QueueTables.Contains(table))
            {
                changes.MarkQueue();
            }

            if (table.Equals("Requests", StringComparison.OrdinalIgnoreCase) || table.Equals("Mothers", StringComparison.OrdinalIgnoreCase)
                || table.Equals("AspNetUsers", StringComparison.OrdinalIgnoreCase))
            {
                // Only the queue reads these (ADR 18).
            }
            else if (table.Equals("Consultants", StringComparison.OrdinalIgnoreCase))
            {
                // An UPDATE cannot add or remove a consultant, and slots read nothing else of her row.
                changes.MarkCatalog();
                if (!isUpdate)
                {
                    changes.MarkEverything();
                }
            }
            else
            {
                changes.MarkEverything();
            }
        }

        return changes;
    }

    [GeneratedRegex("""(?<verb>UPDATE|INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?(?<table>Consultants|ConsultantAvailability|ConsultantBusyQuarters|Meetings|Requests|Mothers|AspNetUsers)"?(?![\w"])""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WriteStatement();

    /// <summary>
    /// The tables the administrator's queue reads (ADR 18): requests (rows, clocks, counters), consultants (names),
    /// mothers (kept with their requests) and staff accounts (the zone times are shown in).
    /// </summary>
    private static readonly HashSet<string> QueueTables = new(["Requests", "Mothers", "Consultants", "AspNetUsers"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A cheap first test: a statement without any write verb is a read (most statements are).</summary>
    private static bool MayWrite(string sql) =>
        sql.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) || sql.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
        || sql.Contains("DELETE", StringComparison.OrdinalIgnoreCase) || sql.Contains("MERGE", StringComparison.OrdinalIgnoreCase)
        || sql.Contains("TRUNCATE", StringComparison.OrdinalIgnoreCase) || sql.Contains("REPLACE", StringComparison.OrdinalIgnoreCase);

    private static bool IsPostgres(DbContext context) => context.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    private DbCommand NotifyCommand(DbTransaction transaction, PublicChanges changes)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_notify(@channel, @payload)";
        Add(command, "channel", Channel);
        Add(command, "payload", versions.InstanceId + "|" + changes.ToPayload());
        return command;

        static void Add(DbCommand command, string name, string value)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var pending = _pending.GetOrCreateValue(context);
        pending.Saving = true;
        var changes = Scan(context);
        if (changes.IsEmpty)
        {
            return;
        }

        pending.Changes.Merge(changes);
        if (context.Database.CurrentTransaction is null && IsPostgres(context))
        {
            // Even a one-statement save runs in a transaction, so its NOTIFY is sent inside it (atomic with the commit).
            pending.RestoreBehavior = context.Database.AutoTransactionBehavior;
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    private void Saved(DbContext? context)
    {
        if (PendingOf(context) is not { } pending)
        {
            return;
        }

        Restore(context!, pending);
        if (context!.Database.CurrentTransaction is null)
        {
            // No transaction of the caller's: the save committed on its own (its transaction's commit flushed already).
            Flush(context);
        }
    }

    private void Failed(DbContext? context)
    {
        if (PendingOf(context) is not { } pending)
        {
            return;
        }

        Restore(context!, pending);
        if (context!.Database.CurrentTransaction is null)
        {
            // Nothing committed unless part of it did on SQLite's autocommit: count it as changed, harmlessly.
            Flush(context);
        }
    }

    private static void Restore(DbContext context, Pending pending)
    {
        pending.Saving = false;
        if (pending.RestoreBehavior is { } behavior)
        {
            context.Database.AutoTransactionBehavior = behavior;
            pending.RestoreBehavior = null;
        }
    }

    private void Executed(DbCommand command, CommandExecutedEventData eventData)
    {
        var context = eventData?.Context;
        if (context is null || PendingOf(context) is { Saving: true })
        {
            // SaveChanges' own statements: the change tracker has said what they change.
            return;
        }

        if (ScanSql(command.CommandText) is not { } changes)
        {
            return;
        }

        _pending.GetOrCreateValue(context).Changes.Merge(changes);
        if (command.Transaction is null)
        {
            // Autocommit: it is committed now. On PostgreSQL other instances hear of it on a connection of its own
            // (this one may still have a reader open); the app itself writes these tables only inside transactions.
            if (IsPostgres(context) && postgresConnectionString is not null)
            {
                NotifyOutsideTransaction(changes);
            }

            Flush(context);
        }
    }

    private void NotifyOutsideTransaction(PublicChanges changes)
    {
        using var connection = new NpgsqlConnection(postgresConnectionString);
        connection.Open();
        using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        notify.Parameters.AddWithValue("channel", Channel);
        notify.Parameters.AddWithValue("payload", versions.InstanceId + "|" + changes.ToPayload());
        notify.ExecuteNonQuery();
    }

    private void Flush(DbContext? context)
    {
        if (PendingOf(context) is { Changes.IsEmpty: false } pending)
        {
            var changes = pending.Changes;
            pending.Changes = new PublicChanges();
            versions.Apply(changes);
        }
    }

    private void Discard(DbContext? context)
    {
        if (PendingOf(context) is { } pending)
        {
            pending.Changes = new PublicChanges();
        }
    }

    private Pending? PendingOf(DbContext? context) => context is not null && _pending.TryGetValue(context, out var pending) ? pending : null;

    private sealed class Pending
    {
        public PublicChanges Changes { get; set; } = new();

        public bool Saving { get; set; }

        public AutoTransactionBehavior? RestoreBehavior { get; set; }
    }
}
