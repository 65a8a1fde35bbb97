using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// Writes rows that EF tracks as Added without EF's per-row statement building: on PostgreSQL with one
/// <c>INSERT … SELECT * FROM unnest(…)</c> per table, one array parameter per column (one round trip, one prepared
/// statement; docs/perf-pg.md), on SQLite with one prepared single-row statement per table executed again for each row
/// (in-process, no round trips to save; see below). Then it marks them Unchanged so the
/// following <c>SaveChanges</c> does not insert them again. Used where a unit of work adds hundreds of append-only rows (the deadline sweep's history lines and
/// outbox rows, issue #8). The columns and the parameters come from EF's own model:
/// each column's store type mapping (with its value converter: UTC instants, enums as text, Guids as SQLite writes
/// them) creates the parameter (or converts the array's values), exactly as EF's update pipeline does, so the rows are the ones <c>SaveChanges</c>
/// would write (a test compares them column by column on both providers).
/// Runs in the caller's transaction; a failure (e.g. a unique de-duplication key) is raised as
/// <see cref="DbUpdateException"/>, as <c>SaveChanges</c> would raise it, and leaves the entries Added.
/// Only for plain rows: no generated values, no owned types, one table per entity type.
/// </summary>
public static class MultiRowInsert
{
    /// <summary>Inserts the Added entries among <paramref name="entries"/> and returns how many rows were written.</summary>
    public static async Task<int> InsertAsync(DbContext db, IReadOnlyList<EntityEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entries);
        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return 0;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var written = 0;
        foreach (var group in added.GroupBy(e => e.Metadata))
        {
            var table = group.Key.GetTableMappings().Single();
            var columns = table.ColumnMappings.ToList();
            if (columns.Any(c => c.Property.ValueGenerated != ValueGenerated.Never))
            {
                throw new InvalidOperationException($"{group.Key.DisplayName()} has store-generated columns; write it with SaveChanges.");
            }

            if (db.Database.IsSqlite())
            {
                written += await InsertOneByOneAsync(db, sql, table, columns, [.. group], ct);
            }
            else
            {
                written += await InsertFromArraysAsync(db, sql, table, columns, [.. group], ct);
            }
        }

        foreach (var entry in added)
        {
            entry.State = EntityState.Unchanged;
        }

        return written;
    }

    /// <summary>
    /// SQLite binds every parameter by name with a linear search of the statement's names, so a statement of n
    /// parameters costs O(n²) (measured: a 2,000-parameter INSERT spent most of its time in strcmp). It runs
    /// in-process, so there is no round trip to save: one row per statement, prepared once and executed again with new
    /// values.
    /// </summary>
    private static async Task<int> InsertOneByOneAsync(DbContext db, ISqlGenerationHelper sql, ITableMapping table, List<IColumnMapping> columns, EntityEntry[] rows, CancellationToken ct)
    {
        var written = 0;
        await using var command = ModelCommands.Create(db);
        command.CommandText = Statement(sql, table, columns, 1);
        foreach (var entry in rows)
        {
            command.Parameters.Clear();
            foreach (var column in columns)
            {
                ModelCommands.AddParameter(command, sql, column, entry.CurrentValues[column.Property]);
            }

            try
            {
                written += await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException ex)
            {
                throw new DbUpdateException($"Multi-row insert into {table.Table.Name} failed.", ex, [entry]);
            }
        }

        return written;
    }

    /// <summary>
    /// PostgreSQL: every row of the table in one statement, one array parameter per column —
    /// <c>INSERT INTO t (a, b, …) SELECT * FROM unnest(@p0, @p1, …)</c>. The text is the same whatever the number of
    /// rows, so the server prepares it once per connection (docs/perf-pg.md), and the app binds one parameter per column
    /// instead of one per value. Each array holds the values the column's type mapping would send (its value converter
    /// applied) and is typed as an array of the column's store type; INSERT then assigns them as it assigns parameters
    /// (a string longer than the column still fails).
    /// </summary>
    private static async Task<int> InsertFromArraysAsync(DbContext db, ISqlGenerationHelper sql, ITableMapping table, List<IColumnMapping> columns, EntityEntry[] rows, CancellationToken ct)
    {
        await using var command = ModelCommands.Create(db);
        command.CommandText = ArrayStatement(sql, table, columns);
        foreach (var column in columns)
        {
            command.Parameters.Add(ModelCommands.ArrayParameter(sql, command.Parameters.Count, column, rows.Select(e => e.CurrentValues[column.Property])));
        }

        try
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException($"Multi-row insert into {table.Table.Name} failed.", ex, rows);
        }
    }

    private static string ArrayStatement(ISqlGenerationHelper sql, ITableMapping table, List<IColumnMapping> columns) =>
        ModelCommands.AppendUnnest(InsertInto(sql, table, columns).Append(" SELECT * FROM "), sql, columns.Count).Append(';').ToString();

    private static string Statement(ISqlGenerationHelper sql, ITableMapping table, List<IColumnMapping> columns, int rows) =>
        ModelCommands.AppendValueRows(InsertInto(sql, table, columns).Append(" VALUES "), sql, rows, columns.Count).Append(';').ToString();

    /// <summary><c>INSERT INTO "Table" ("A", "B", …)</c></summary>
    private static StringBuilder InsertInto(ISqlGenerationHelper sql, ITableMapping table, List<IColumnMapping> columns) =>
        new StringBuilder()
            .Append("INSERT INTO ").Append(sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Column.Name)))
            .Append(')');
}
