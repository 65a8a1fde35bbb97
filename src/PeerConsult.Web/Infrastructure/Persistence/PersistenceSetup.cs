using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
            var postgres = builder.Configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(postgres))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is empty.");
            }

            AddPublicVersions(builder, postgres);
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, db) => UsePostgres(db, postgres).AddInterceptors(sp.GetServices<IInterceptor>()));
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
        // change 13). Not on PostgreSQL yet: its context replaces services in OnConfiguring, which pooling forbids.
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
        return options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: null));
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
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}

/// <summary>Lets `dotnet ef` build the SQLite model without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
