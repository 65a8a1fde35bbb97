using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PeerConsult.Bench;

/// <summary>
/// Where generated rows go, one table at a time. Values are CLR values (Guid, UTC DateTime, string, int, bool,
/// string[] or null); each sink writes them the way EF Core's provider would, so the app reads them back unchanged.
/// </summary>
public interface IRowSink : IAsyncDisposable
{
    Task BeginTableAsync(string table, params string[] columns);

    Task RowAsync(params object?[] values);

    Task EndTableAsync();

    long Rows { get; }

    /// <summary>Whether the app keeps a consultant's held time in quarter rows on this provider (its ConsultantTime).</summary>
    bool KeepsQuarters { get; }
}

/// <summary>
/// SQLite: one prepared INSERT per table, committed every 100,000 rows, with durability off while generating
/// (the file is thrown away if generation fails). EF writes Guids as upper-case text, instants as
/// "yyyy-MM-dd HH:mm:ss.FFFFFFF", booleans as 0/1 and primitive collections as JSON.
/// </summary>
public sealed class SqliteSink(SqliteConnection connection) : IRowSink
{
    private const int Batch = 100_000;
    private SqliteCommand? _insert;
    private SqliteTransaction? _transaction;
    private int _inBatch;

    public long Rows { get; private set; }

    public bool KeepsQuarters => true;

    public static string Text(object? value) => value switch
    {
        Guid g => g.ToString("D").ToUpperInvariant(),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException("not a text value", nameof(value)),
    };

    public async Task BeginTableAsync(string table, params string[] columns)
    {
        _transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        _insert = connection.CreateCommand();
        _insert.Transaction = _transaction;
        _insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            _insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        _insert.Prepare();
        _inBatch = 0;
    }

    public async Task RowAsync(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            _insert!.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                Guid or DateTime => Text(values[i]),
                bool b => b ? 1 : 0,
                string[] list => JsonSerializer.Serialize(list),
                var v => v,
            };
        }

        await _insert!.ExecuteNonQueryAsync();
        Rows++;
        if (++_inBatch >= Batch)
        {
            await _transaction!.CommitAsync();
            await _transaction.DisposeAsync();
            _transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            _insert.Transaction = _transaction;
            _inBatch = 0;
        }
    }

    public async Task EndTableAsync()
    {
        await _transaction!.CommitAsync();
        await _transaction.DisposeAsync();
        await _insert!.DisposeAsync();
        _transaction = null;
        _insert = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        if (_insert is not null)
        {
            await _insert.DisposeAsync();
        }
    }
}

/// <summary>PostgreSQL: binary COPY per table; instants as timestamptz (UTC), text[] for primitive collections.</summary>
public sealed class PostgresSink(NpgsqlConnection connection) : IRowSink
{
    private NpgsqlBinaryImporter? _copy;

    public long Rows { get; private set; }

    /// <summary>The meetings hold her time there (the exclusion constraint); no quarter rows.</summary>
    public bool KeepsQuarters => false;

    public async Task BeginTableAsync(string table, params string[] columns)
    {
        _copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
    }

    public async Task RowAsync(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        await _copy!.StartRowAsync();
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    await _copy.WriteNullAsync();
                    break;
                case Guid g:
                    await _copy.WriteAsync(g, NpgsqlDbType.Uuid);
                    break;
                case DateTime d:
                    await _copy.WriteAsync(d, NpgsqlDbType.TimestampTz);
                    break;
                case string s:
                    await _copy.WriteAsync(s, NpgsqlDbType.Text);
                    break;
                case int n:
                    await _copy.WriteAsync(n, NpgsqlDbType.Integer);
                    break;
                case bool b:
                    await _copy.WriteAsync(b, NpgsqlDbType.Boolean);
                    break;
                case string[] list:
                    await _copy.WriteAsync(list, NpgsqlDbType.Array | NpgsqlDbType.Text);
                    break;
                default:
                    throw new ArgumentException($"No PostgreSQL mapping for {value.GetType()}", nameof(values));
            }
        }

        Rows++;
    }

    public async Task EndTableAsync()
    {
        await _copy!.CompleteAsync();
        await _copy.DisposeAsync();
        _copy = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            await _copy.DisposeAsync();
        }
    }
}
