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
        var db = services.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; a busy writer waits instead of failing.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }

        await db.Database.MigrateAsync(ct);

        // Create the Data Protection key ring now, not inside the first request's transaction (SQLite has one writer).
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("startup").Protect("ready");
        await BootstrapAdmin.EnsureAsync(services, services.GetRequiredService<IOptions<BootstrapOptions>>().Value, ct);
        if (app.Configuration.GetValue<bool>("Demo:Seed"))
        {
            await services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(ct);
        }
    }
}
