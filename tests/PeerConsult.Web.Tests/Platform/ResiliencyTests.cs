using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>On PostgreSQL a transient failure (a dropped connection, a failover) is retried — the whole unit of work, once.</summary>
public sealed class ResiliencyTests
{
    [PostgresFact]
    public async Task Assign_TransientFailureInsideItsTransaction_RetriedWholeAndCountedOnce()
    {
        var failOnce = new FailFirstCapacityUpdate();
        using var factory = PeerConsultFactory.WithServices(DbProvider.Postgres, s => s.AddSingleton<IInterceptor>(failOnce));
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 1);
        var request = await factory.SubmitRequestAsync();
        using (var contact = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/contacts", new { channel = "whatsapp" }))
        {
            await contact.ExpectAsync(HttpStatusCode.OK);
        }

        failOnce.Armed = true;
        using var assigned = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/assignment", new { consultantId = consultant.Id });

        await assigned.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, failOnce.Failures);
        var load = await factory.WithDbAsync(db => db.Consultants.Where(c => c.Id == consultant.Id).Select(c => c.ActiveMothers).SingleAsync());
        Assert.Equal(1, load);
        var assignments = await factory.WithDbAsync(db => db.Assignments.CountAsync(a => a.RequestId == request.Id));
        Assert.Equal(1, assignments);
    }

    /// <summary>Throws a transient Npgsql error on the first capacity update after being armed, as a dropped connection would.</summary>
    private sealed class FailFirstCapacityUpdate : DbCommandInterceptor
    {
        public bool Armed { get; set; }

        public int Failures { get; private set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.Contains("\"ActiveMothers\" + 1", StringComparison.Ordinal))
            {
                Armed = false;
                Failures++;
                throw new NpgsqlException("Simulated dropped connection", new TimeoutException());
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
