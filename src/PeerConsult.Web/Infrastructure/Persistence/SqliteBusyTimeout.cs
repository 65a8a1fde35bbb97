using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// Lets SQLite itself wait for the write lock (its busy handler: sleeps of 1, 2, 5, 10 … ms) instead of
/// Microsoft.Data.Sqlite's own retry loop, which sleeps 150 ms at a time on a thread-pool thread. SQLite has one writer:
/// under concurrent bookings every writer but one is waiting, and with 150 ms naps the lock often sat free while all of
/// them slept (issue #8: bookings answered in ~0.5 s with the machine half idle). The timeout is the connection's
/// command timeout, so a lock held longer still ends in the same error as before. Set on every open: a native call on
/// the connection's handle, no statement.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>The busy timeout in milliseconds now in force on this connection (for tests).</summary>
    public static int Current(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            var seconds = sqlite.DefaultTimeout > 0 ? sqlite.DefaultTimeout : 30;
            SQLitePCL.raw.sqlite3_busy_timeout(handle, seconds * 1000);
        }
    }
}
