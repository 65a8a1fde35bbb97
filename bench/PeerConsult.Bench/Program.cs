using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeerConsult.Bench;
using PeerConsult.Web.Infrastructure.Persistence;

// Usage:
//   generate --provider sqlite --db PATH [--scale 1] [--plan DIR] [--admin-email E --admin-password P]
//   generate --provider postgres --connection "Host=...;Database=bench" [...]
//   add-due  --provider sqlite|postgres (--db PATH | --connection CS) --count 10000
//     adds COUNT new requests whose R1.2 warning is due now (the sweep bench applies them).
var command = args.Length > 0 ? args[0] : "help";
var opts = ParseOptions(args.Skip(1).ToArray());
var provider = opts.GetValueOrDefault("provider", "sqlite").ToLowerInvariant();
var now = TimeProvider.System.GetUtcNow().UtcDateTime;
now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);

switch (command)
{
    case "generate":
        {
            var plan = Path.GetFullPath(opts.GetValueOrDefault("plan", "bench/plan"));
            Directory.CreateDirectory(plan);
            var generatorOptions = new GeneratorOptions(
                double.Parse(opts.GetValueOrDefault("scale", "1"), CultureInfo.InvariantCulture),
                int.Parse(opts.GetValueOrDefault("seed", "20261125"), CultureInfo.InvariantCulture),
                now,
                opts.GetValueOrDefault("admin-email", "admin@bench.local"),
                opts.GetValueOrDefault("admin-password", "Bench-Passw0rd!"),
                plan);
            var watch = Stopwatch.StartNew();
            await using (var target = await OpenAsync(provider, opts, fresh: true))
            {
                var generator = new Generator(generatorOptions, target.Sink);
                await generator.RunAsync();
                Console.Error.WriteLine("finishing (indexes, statistics)...");
                await target.FinishAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {generator.Consultants} consultants, {generator.Mothers} mothers, {generator.MeetingCount} meetings, {target.Sink.Rows} rows in {watch.Elapsed.TotalSeconds:F0}s"));
            }

            return 0;
        }

    case "add-due":
        {
            var count = int.Parse(opts.GetValueOrDefault("count", "10000"), CultureInfo.InvariantCulture);
            await using var target = await OpenAsync(provider, opts, fresh: false);
            await DueBatch.AddAsync(target.Sink, count, now);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added {count} requests with their warning due at {now:O}"));
            return 0;
        }

    default:
        Console.Error.WriteLine("usage: PeerConsult.Bench generate|add-due --provider sqlite|postgres (--db PATH | --connection CS) [--scale 1] [--plan DIR] [--count N]");
        return 2;
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        result[args[i].TrimStart('-')] = args[i + 1];
    }

    return result;
}

static async Task<Target> OpenAsync(string provider, Dictionary<string, string> opts, bool fresh)
{
    if (provider == "postgres")
    {
        var connection = opts["connection"];
        if (fresh)
        {
            // A fresh database, then the app's own migrations.
            var builder = new NpgsqlConnectionStringBuilder(connection);
            var database = builder.Database!;
            builder.Database = "postgres";
            await using (var admin = new NpgsqlConnection(builder.ConnectionString))
            {
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            await using var db = PostgresAppDbContext.For(connection);
            await db.Database.MigrateAsync();
        }

        var pg = new NpgsqlConnection(connection);
        await pg.OpenAsync();

        // Foreign keys are not checked while loading (the generator writes parents first); the session only.
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", pg))
        {
            await replica.ExecuteNonQueryAsync();
        }

        return new Target(new PostgresSink(pg), pg, async () =>
        {
            // VACUUM as well as ANALYZE: a live database has been through autovacuum, which sets the visibility map
            // that index-only scans need; a freshly loaded one has not (the queue's open count read ~3,900 heap pages).
            await using var analyze = new NpgsqlCommand("VACUUM (ANALYZE)", pg);
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync();
        });
    }

    var path = Path.GetFullPath(opts["db"]);
    if (fresh)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }

        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(PersistenceSetup.SqliteConnectionStringFor(path)).Options);
        await db.Database.MigrateAsync();
        await db.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString());
    await sqlite.OpenAsync();
    await using (var pragma = sqlite.CreateCommand())
    {
        // Generation only: a failed run is thrown away, so durability is not needed while loading.
        pragma.CommandText = fresh
            ? "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
            : "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=60000;";
        await pragma.ExecuteNonQueryAsync();
    }

    return new Target(new SqliteSink(sqlite), sqlite, async () =>
    {
        await using var wal = sqlite.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        await wal.ExecuteNonQueryAsync();
    });
}

internal sealed class Target(IRowSink sink, System.Data.Common.DbConnection connection, Func<Task> finish) : IAsyncDisposable
{
    public IRowSink Sink { get; } = sink;

    public Task FinishAsync() => finish();

    public async ValueTask DisposeAsync()
    {
        await Sink.DisposeAsync();
        await connection.DisposeAsync();
    }
}
