namespace PeerConsult.Web.Tests.Infrastructure;

/// <summary>
/// A test about PostgreSQL's own behaviour (e.g. its retrying execution strategy). It runs whenever the test
/// command's cluster is there — always under ./test.sh and CI — and is skipped only in a bare `dotnet test`.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresServer is null)
        {
            Skip = $"Needs PostgreSQL: ./test.sh starts a throwaway cluster and sets {TestDatabase.PostgresVariable}.";
        }
    }
}
