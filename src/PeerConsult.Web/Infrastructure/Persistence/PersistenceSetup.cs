using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using PeerConsult.Web.Infrastructure.Caching;

namespace PeerConsult.Web.Infrastructure.Persistence;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Sqlite (default, embedded) or Postgres (production, several instances); each has its own migration set.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite file, relative to the content root unless absolute; its folder is created on start.</summary>
    public string Path { get; set; } = "./data/peerconsult.db";
}

public static class PersistenceSetup
{
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddDataProtection().SetApplicationName("PeerConsult").PersistKeysToDbContext<AppDbContext>();
        if (string.Equals(options.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var configured = builder.Configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is empty.");
            }

            // One connection string for every connection of the app (its contexts and the change notices), so they share a pool.
            var postgres = WithPostgresDefaults(configured);

            AddPublicVersions(builder, postgres);
            // Pooled, as on SQLite (change 13 there, change 26 here): a context and its options are not built per request.
            builder.Services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((sp, db) => UsePostgres(db, postgres).AddInterceptors(sp.GetServices<IInterceptor>()));
            return builder;
        }

        if (!string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not known; use 'Sqlite' or 'Postgres'.");
        }

        // A relative Database:Path is relative to the app's content root (src/PeerConsult.Web under `dotnet run`),
        // so the database is found again whatever folder the command was started from.
        var connectionString = builder.Configuration.GetConnectionString("Sqlite")
            ?? SqliteConnectionStringFor(Path.Combine(builder.Environment.ContentRootPath, options.Path));
        AddPublicVersions(builder, null);
        // Pooled: building a context and its options per request was a measurable share of a page's CPU (docs/performance.md,
        // change 13).
        builder.Services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((sp, db) => db.UseSqlite(connectionString)
            .AddInterceptors(sp.GetServices<IInterceptor>()).AddInterceptors(SqliteConnectionSetup.Instance));
        return builder;
    }

    /// <summary>
    /// Change counters for the public pages' caches (ADR 13), moved by every write through EF Core. SQLite is one
    /// instance, so they are exact from the start; on PostgreSQL they are trusted only while the listener hears the
    /// other instances' commits.
    /// </summary>
    private static void AddPublicVersions(WebApplicationBuilder builder, string? postgres)
    {
        builder.Services.AddSingleton(new PublicVersions(trustedFromStart: postgres is null));
        builder.Services.AddSingleton(sp => new PublicChangeInterceptor(sp.GetRequiredService<PublicVersions>(), postgres));
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<PublicChangeInterceptor>());
        if (postgres is not null)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PostgresChangeListener>(sp, postgres));
        }
    }

    /// <summary>
    /// PostgreSQL with retries on transient failures (a dropped connection, a failover). Every explicit transaction in
    /// the app runs inside the execution strategy, so a retry repeats the whole unit of work, never half of it.
    /// </summary>
    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PostgresAppDbContext.WithPostgresServices(
            options.UseNpgsql(WithPostgresDefaults(connectionString), npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: null)));
    }

    /// <summary>Prepared statements each pooled connection keeps (see <see cref="WithPostgresDefaults"/>).</summary>
    public const int PostgresMaxAutoPrepare = 64;

    /// <summary>Executions of one statement on a connection before it is prepared there.</summary>
    public const int PostgresAutoPrepareMinUsages = 2;

    private static readonly ConcurrentDictionary<string, string> PostgresConnectionStrings = new(StringComparer.Ordinal);

    /// <summary>
    /// The operator's PostgreSQL connection string with the app's defaults for what it leaves unset (docs/perf-pg.md,
    /// ADR 19): Npgsql's automatic preparation. A statement a pooled connection has executed
    /// <see cref="PostgresAutoPrepareMinUsages"/> times is prepared on the server and from then on only bound and
    /// executed — the server no longer parses and plans it, and its foreign-key checks keep their plans: half the
    /// server's CPU per booking. At most <see cref="PostgresMaxAutoPrepare"/> per connection (least used dropped first),
    /// which bounds the server memory they hold. Any value the operator sets, 0 included, is kept as given.
    /// Computed once per distinct string (a context is configured per scope).
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return PostgresConnectionStrings.GetOrAdd(connectionString, static cs =>
        {
            // DbConnectionStringBuilder keeps only the keys that were written (Npgsql's builder reports every known key).
            var given = new DbConnectionStringBuilder { ConnectionString = cs }.Keys.Cast<string>()
                .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
            var builder = new NpgsqlConnectionStringBuilder(cs);
            if (!given.Contains("MAXAUTOPREPARE"))
            {
                builder.MaxAutoPrepare = PostgresMaxAutoPrepare;
            }

            if (!given.Contains("AUTOPREPAREMINUSAGES"))
            {
                builder.AutoPrepareMinUsages = PostgresAutoPrepareMinUsages;
            }

            return builder.ConnectionString;
        });
    }

    public static string SqliteConnectionStringFor(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
    }
}

/// <summary>Lets `dotnet ef` build the PostgreSQL model without starting the app or reaching a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        PostgresAppDbContext.For("Host=localhost;Database=design_time");
}

/// <summary>Lets `dotnet ef` build the SQLite model without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
