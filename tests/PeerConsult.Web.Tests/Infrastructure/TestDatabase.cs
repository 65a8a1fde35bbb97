using Npgsql;

namespace PeerConsult.Web.Tests.Infrastructure;

public enum DbProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which databases persistence-sensitive tests run on: SQLite always; PostgreSQL when the test command has started
/// its throwaway cluster (PEERCONSULT_TEST_POSTGRES). Each factory gets its own PostgreSQL database, dropped after.
/// </summary>
public static class TestDatabase
{
    public const string PostgresVariable = "PEERCONSULT_TEST_POSTGRES";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>xunit theory data: every provider available in this run.</summary>
    public static TheoryData<DbProvider> Providers
    {
        get
        {
            var data = new TheoryData<DbProvider> { DbProvider.Sqlite };
            if (PostgresServer is not null)
            {
                data.Add(DbProvider.Postgres);
            }

            return data;
        }
    }

    public static string CreatePostgresDatabase()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set: the test command starts PostgreSQL.");
        var name = "pc_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 40 }.ToString();
    }

    public static void DropPostgresDatabase(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
