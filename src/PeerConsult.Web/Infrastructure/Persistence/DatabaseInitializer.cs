using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Web.Features.Demo;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>On start: migrations applied, roles and the first administrator in place, demo data if asked for.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var clock = Stopwatch.StartNew();
        var db = services.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; a busy writer waits instead of failing.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }

        // Migrate() also compares the model with the last migration's snapshot (EF's pending-model-changes check), which
        // builds the design-time model: ~0.35 s of every start even when nothing is pending (docs/perf-startup.md). The
        // history table against the assembly's migrations is a cheap question; Migrate() still runs, under its lock,
        // whenever anything is pending. The tests compare the model with the snapshots instead (StartupTests).
        var pending = await db.Database.GetPendingMigrationsAsync(ct);
        if (pending.Any())
        {
            await db.Database.MigrateAsync(ct);
        }

        var migrated = clock.ElapsedMilliseconds;

        // Create the Data Protection key ring now, not inside the first request's transaction (SQLite has one writer).
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("startup").Protect("ready");
        var keyRing = clock.ElapsedMilliseconds;
        await BootstrapAdmin.EnsureAsync(services, services.GetRequiredService<IOptions<BootstrapOptions>>().Value, ct);
        var bootstrap = clock.ElapsedMilliseconds;
        if (app.Configuration.GetValue<bool>("Demo:Seed"))
        {
            await services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(ct);
        }

        // Where start-up time goes (docs/performance.md): milliseconds since the start of this step, cumulative.
        log.LogInformation(
            "Database ready after {Total} ms: model and migrations {Migrated} ms, key ring {KeyRing} ms, administrator {Bootstrap} ms",
            clock.ElapsedMilliseconds,
            migrated,
            keyRing,
            bootstrap);
    }
}
