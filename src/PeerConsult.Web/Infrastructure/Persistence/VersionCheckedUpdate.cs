using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// Writes the Modified entries of a unit of work as one set-based compare-and-set per statement instead of EF's one
/// version-checked <c>UPDATE</c> per row (issue #8: 10,000 of those were most of a large deadline sweep on PostgreSQL):
/// <code>
/// UPDATE "Requests" AS t SET "AdminWarnedAt" = v.column3, "Version" = v.column4
/// FROM (VALUES (@p0, @p1, @p2, @p3), (…)) AS v
/// WHERE t."Id" = v.column1 AND t."Version" = v.column2
/// RETURNING "Id"
/// </code>
/// (on PostgreSQL <c>FROM unnest(@p0, @p1, …) AS v(column1, column2, …)</c>: one array parameter per column, the same
/// text for any number of rows, so the server keeps it prepared — docs/perf-pg.md)
/// A row changes only if every concurrency token still has the value that was read (its original value), exactly as
/// EF's own <c>UPDATE … WHERE "Id" = @id AND "Version" = @read</c>; under PostgreSQL's READ COMMITTED a row another
/// transaction is changing is waited for and then re-checked, so of two writers one wins. The statement returns the keys
/// it changed: those entries are accepted (marked Unchanged with their current values as original), the others stay
/// Modified for the caller to decide (it must not let <c>SaveChanges</c> write them blindly: their versions moved on).
/// The caller bumps the versions first (<see cref="AppDbContext.BumpVersions"/>), as <c>SaveChanges</c> does.
/// Columns and parameters come from EF's model (each column's type mapping with its value converter), so the row is the
/// one <c>SaveChanges</c> writes (a test compares them column by column on both providers). Entries are grouped by
/// entity type and by the set of modified properties; each row writes only its own modified columns. Runs in the
/// caller's transaction; a database error is raised as <see cref="DbUpdateException"/>.
/// Only for entity types with a single-column key without a value converter.
/// </summary>
public static class VersionCheckedUpdate
{
    /// <summary>At most this many parameters in one statement (PostgreSQL allows 65,535).</summary>
    public const int MaxParameters = 1000;

    /// <summary>At most this many parameters in one statement on SQLite (see below).</summary>
    public const int SqliteMaxParameters = 128;

    /// <summary>Writes the Modified entries among <paramref name="entries"/>; returns the keys of the rows that changed.</summary>
    public static Task<HashSet<TKey>> UpdateAsync<TKey>(DbContext db, IReadOnlyList<EntityEntry> entries, CancellationToken ct)
        where TKey : notnull =>
        UpdateAsync<TKey>(db, entries, MaxParameters, ct);

    /// <summary>The same, with at most <paramref name="maxParameters"/> parameters a statement (tests use few).</summary>
    public static async Task<HashSet<TKey>> UpdateAsync<TKey>(DbContext db, IReadOnlyList<EntityEntry> entries, int maxParameters, CancellationToken ct)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entries);
        var changed = new HashSet<TKey>();
        var modified = entries.Where(e => e.State == EntityState.Modified).ToList();
        if (modified.Count == 0)
        {
            return changed;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var postgres = !db.Database.IsSqlite();
        var accepted = new List<EntityEntry>();
        foreach (var group in modified.GroupBy(e => (e.Metadata, Signature(e))))
        {
            var type = group.Key.Metadata;
            var table = type.GetTableMappings().Single();
            var keyProperty = type.FindPrimaryKey()?.Properties is [var single] ? single : throw new InvalidOperationException($"{type.DisplayName()} needs a single-column key.");
            var key = Column(table, keyProperty);
            if (key.TypeMapping.Converter is not null || keyProperty.ClrType != typeof(TKey))
            {
                throw new InvalidOperationException($"{type.DisplayName()}'s key must be a {typeof(TKey).Name} without a value converter.");
            }

            var tokens = type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey()).Select(p => Column(table, p)).ToList();
            var sets = group.First().Properties.Where(p => p.IsModified && !p.Metadata.IsPrimaryKey()).Select(p => Column(table, p.Metadata)).ToList();
            if (sets.Any(c => c.Property.ValueGenerated.HasFlag(ValueGenerated.OnUpdate)))
            {
                throw new InvalidOperationException($"{type.DisplayName()} has store-generated values on update; write it with SaveChanges.");
            }

            // Every row of a group modifies the same columns, so each writes exactly what its own UPDATE would.
            // SQLite binds each parameter by name with a linear search of the statement's names (O(n²) for n; see
            // MultiRowInsert), and runs in-process: there a statement of at most SqliteMaxParameters is as good.
            var perRow = 1 + tokens.Count + sets.Count;
            var rowsPerStatement = Math.Max(1, (postgres ? maxParameters : Math.Min(maxParameters, SqliteMaxParameters)) / perRow);

            // Rows in key order: two writers of a shared set of rows then present them to the database in the same order.
            var ordered = group.OrderBy(e => (TKey)e.Property(keyProperty.Name).CurrentValue!).ToList();
            foreach (var chunk in ordered.Chunk(rowsPerStatement))
            {
                await using var command = ModelCommands.Create(db);

                command.CommandText = Statement(sql, table, key, tokens, sets, chunk.Length, postgres);
                object? Original(EntityEntry entry, IColumnMapping token) =>
                    entry.Property(token.Property.Name).OriginalValue ?? throw new InvalidOperationException($"{type.DisplayName()}.{token.Property.Name} was read as null.");
                if (postgres)
                {
                    // One array per column (unnest): the text is the same for any number of rows, so it is prepared once.
                    command.Parameters.Add(ModelCommands.ArrayParameter(sql, command.Parameters.Count, key, chunk.Select(e => e.Property(key.Property.Name).CurrentValue)));
                    foreach (var token in tokens)
                    {
                        command.Parameters.Add(ModelCommands.ArrayParameter(sql, command.Parameters.Count, token, chunk.Select(e => Original(e, token))));
                    }

                    foreach (var set in sets)
                    {
                        command.Parameters.Add(ModelCommands.ArrayParameter(sql, command.Parameters.Count, set, chunk.Select(e => e.Property(set.Property.Name).CurrentValue)));
                    }
                }
                else
                {
                    foreach (var entry in chunk)
                    {
                        ModelCommands.AddParameter(command, sql, key, entry.Property(key.Property.Name).CurrentValue);
                        foreach (var token in tokens)
                        {
                            ModelCommands.AddParameter(command, sql, token, Original(entry, token));
                        }

                        foreach (var set in sets)
                        {
                            ModelCommands.AddParameter(command, sql, set, entry.Property(set.Property.Name).CurrentValue);
                        }
                    }
                }

                try
                {
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        changed.Add(reader.GetFieldValue<TKey>(0));
                    }
                }
                catch (DbException ex)
                {
                    throw new DbUpdateException($"Version-checked update of {table.Table.Name} failed.", ex, chunk);
                }

                accepted.AddRange(chunk.Where(e => changed.Contains((TKey)e.Property(keyProperty.Name).CurrentValue!)));
            }
        }

        foreach (var entry in accepted)
        {
            // As SaveChanges accepts a saved row: what is now stored becomes the original, nothing is left to write.
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }

        return changed;
    }

    private static string Signature(EntityEntry entry) =>
        string.Join(',', entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name));

    private static IColumnMapping Column(ITableMapping table, IProperty property) =>
        table.ColumnMappings.Single(c => c.Property == property);

    private static string Statement(ISqlGenerationHelper sql, ITableMapping table, IColumnMapping key, List<IColumnMapping> tokens, List<IColumnMapping> sets, int rows, bool postgres)
    {
        // The VALUES list's columns are named column1, column2, … by both databases: key, tokens (as read), new values.
        var values = new List<IColumnMapping> { key };
        values.AddRange(tokens);
        values.AddRange(sets);
        var text = new StringBuilder()
            .Append("UPDATE ").Append(sql.DelimitIdentifier(table.Table.Name, table.Table.Schema)).Append(" AS t SET ");
        for (var i = 0; i < sets.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(sql.DelimitIdentifier(sets[i].Column.Name)).Append(" = v.column").Append(2 + tokens.Count + i);
        }

        if (postgres)
        {
            // PostgreSQL: FROM unnest(@p0, @p1, …) AS v(column1, column2, …), one array per column, typed by its parameter.
            ModelCommands.AppendUnnest(text.Append(" FROM "), sql, values.Count)
                .Append(" AS v(")
                .AppendJoin(", ", values.Select((_, i) => "column" + (i + 1).ToString(CultureInfo.InvariantCulture)))
                .Append(") WHERE t.").Append(sql.DelimitIdentifier(key.Column.Name)).Append(" = v.column1");
        }
        else
        {
            ModelCommands.AppendValueRows(text.Append(" FROM (VALUES "), sql, rows, values.Count)
                .Append(") AS v WHERE t.").Append(sql.DelimitIdentifier(key.Column.Name)).Append(" = v.column1");
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            text.Append(" AND t.").Append(sql.DelimitIdentifier(tokens[i].Column.Name)).Append(" = v.column").Append(2 + i);
        }

        return text.Append(" RETURNING ").Append(sql.DelimitIdentifier(key.Column.Name)).Append(';').ToString();
    }
}
