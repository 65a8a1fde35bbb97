using System.Diagnostics;
using PeerConsult.Web.Features.Deadlines;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Infrastructure.Bench;

/// <summary>
/// Timing hooks for `bench/run.sh`, mapped only when <c>Bench:Endpoints=true</c> (never in a normal start) and only
/// for administrators: the sweep is timed inside the process, so the number is the sweep's, not HTTP's.
/// </summary>
public static class BenchEndpoints
{
    public sealed record SweepTiming(double ElapsedMs, int Closed, int Reminded, int Overdue, int Warned);

    /// <summary>Where the resident memory is: the managed heap (and its high mark) versus the rest (native, code).</summary>
    public sealed record MemoryUse(long ManagedHeapMb, long GcCommittedMb, long ResidentMb, long PeakResidentMb, int Gen0, int Gen1, int Gen2, int Threads, long SqliteMb, long SqlitePeakMb);

    public static WebApplication MapBenchEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>("Bench:Endpoints"))
        {
            return app;
        }

        app.MapPost("/bench/sweep", async (DeadlineSweeper sweeper, TimeProvider clock, CancellationToken ct) =>
        {
            var watch = Stopwatch.StartNew();
            var result = await sweeper.RunOnceAsync(clock.GetUtcNow().UtcDateTime, ct);
            return TypedResults.Ok(new SweepTiming(watch.Elapsed.TotalMilliseconds, result.Closed, result.Reminded, result.Overdue, result.Warned));
        }).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();

        // SQLite's own allocations (page caches of the pooled connections, statements), outside the managed heap.
        var sqlite = !string.Equals(app.Configuration["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);
        app.MapGet("/bench/memory", () =>
        {
            const long mb = 1024 * 1024;
            var info = GC.GetGCMemoryInfo();
            using var process = Process.GetCurrentProcess();
            return TypedResults.Ok(new MemoryUse(
                info.HeapSizeBytes / mb,
                info.TotalCommittedBytes / mb,
                process.WorkingSet64 / mb,
                process.PeakWorkingSet64 / mb,
                GC.CollectionCount(0),
                GC.CollectionCount(1),
                GC.CollectionCount(2),
                process.Threads.Count,
                sqlite ? SQLitePCL.raw.sqlite3_memory_used() / mb : 0,
                sqlite ? SQLitePCL.raw.sqlite3_memory_highwater(0) / mb : 0));
        }).RequireAuthorization(Policies.Administrator).ExcludeFromDescription();
        return app;
    }
}
