namespace PeerConsult.Web.Infrastructure;

/// <summary>
/// A thin background loop (STYLE.md, Time): every <c>interval</c> on the app's TimeProvider it opens a scope and
/// runs one pass of a scoped service. All the logic — and all the safety against running twice — is in that pass.
/// </summary>
public sealed class PeriodicWorker<TPass>(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    TimeSpan interval,
    Func<TPass, DateTime, CancellationToken, Task> runOnce,
    ILogger<PeriodicWorker<TPass>> log) : BackgroundService
    where TPass : notnull
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await runOnce(scope.ServiceProvider.GetRequiredService<TPass>(), clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One failed pass must not stop the clocks; the next pass catches up on whatever is still due.
                log.LogError(ex, "{Pass} pass failed; retrying at the next tick", typeof(TPass).Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
