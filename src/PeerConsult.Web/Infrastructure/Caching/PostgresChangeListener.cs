using Npgsql;

namespace PeerConsult.Web.Infrastructure.Caching;

/// <summary>
/// Several instances on one PostgreSQL (ADR 11, ADR 13): each listens on <see cref="PublicChangeInterceptor.Channel"/>
/// on a connection of its own and applies what other instances committed to its <see cref="PublicVersions"/>.
/// PostgreSQL delivers a NOTIFY only if its transaction commits, in commit order. While this connection is not
/// listening the versions are not trusted (the public pages read the database as before); after (re)connecting
/// everything is counted as changed, since notices sent meanwhile are lost. A quiet connection is probed every
/// <see cref="Probe"/>, so a dead one is noticed within about that time.
/// </summary>
public sealed partial class PostgresChangeListener(PublicVersions versions, string connectionString, ILogger<PostgresChangeListener> log) : BackgroundService
{
    public static readonly TimeSpan Probe = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            CommandTimeout = (int)Probe.TotalSeconds,
            KeepAlive = (int)Probe.TotalSeconds,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ToString());
                connection.Notification += (_, e) =>
                {
                    // "<instance>|<changes>": this instance's own notices were applied at its commit already.
                    var cut = e.Payload.IndexOf('|', StringComparison.Ordinal);
                    if (cut < 0 || e.Payload[..cut] != versions.InstanceId)
                    {
                        versions.Apply(PublicChanges.FromPayload(cut < 0 ? e.Payload : e.Payload[(cut + 1)..]));
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PublicChangeInterceptor.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                versions.SetTrusted(true);
                LogListening(log);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(Probe, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Any failure of this connection means the same: distrust, wait, reconnect.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                versions.SetTrusted(false);
                LogLost(log, ex);
            }
            finally
            {
                versions.SetTrusted(false);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for public-page changes of other instances")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change listener lost its connection; public pages read the database until it is back")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
