using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// The sweep writes its requests with <see cref="VersionCheckedUpdate"/> (one compare-and-set per statement) instead of
/// SaveChanges' one UPDATE per row: the rows must be exactly the ones SaveChanges writes, and a row whose version moved
/// on since it was read must not be written.
/// </summary>
public sealed class VersionCheckedUpdateTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RowsWrittenByVersionCheckedUpdate_AreExactlyTheRowsSaveChangesWrites(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        await SeedAsync(factory);
        var initial = await factory.WithDbAsync(db => RawRows.ReadAsync(db, "Requests"));

        // The same transitions on the same rows, once through SaveChanges (read inside its transaction, rolled back)
        // and once through VersionCheckedUpdate (committed): two groups of modified columns, values set to null among them.
        var bySaveChanges = await TransitionAsync(factory, setBased: false);
        Assert.True(bySaveChanges.Count >= 6, $"only {bySaveChanges.Count} rows");
        Assert.All(bySaveChanges.Zip(initial), pair => Assert.NotEqual(pair.Second, pair.First));
        Assert.Equal(initial, await factory.WithDbAsync(db => RawRows.ReadAsync(db, "Requests")));

        var bySetBased = await TransitionAsync(factory, setBased: true);
        Assert.Equal(bySaveChanges, bySetBased);
        Assert.Equal(bySetBased, await factory.WithDbAsync(db => RawRows.ReadAsync(db, "Requests")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARowChangedSinceItWasRead_IsNotWritten_AndOnlyTheOthersComeBack(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var first = await factory.SubmitRequestAsync();
        var second = await factory.SubmitRequestAsync();
        var third = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(25));
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<CenterPolicy>>().Value;
        var requests = await db.Requests.OrderBy(r => r.Id).ToListAsync();
        Assert.All(requests, r => Assert.True(r.MissAdminDeadline(now, policy)));

        // Another writer changes the second request after it was read (its version moves on).
        var before = await factory.WithDbAsync(d => d.Requests.Where(r => r.Id == second.Id).Select(r => r.Version).SingleAsync());
        await factory.WithDbAsync(d => d.Requests.Where(r => r.Id == second.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1)));

        HashSet<Guid> changed;
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.BumpVersions();
            changed = await VersionCheckedUpdate.UpdateAsync<Guid>(db, [.. db.ChangeTracker.Entries<ConsultationRequest>()], 4, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(new HashSet<Guid> { first.Id, third.Id }, changed);
        Assert.Equal(EntityState.Modified, db.Entry(requests.Single(r => r.Id == second.Id)).State);
        Assert.All(requests.Where(r => r.Id != second.Id), r => Assert.Equal(EntityState.Unchanged, db.Entry(r).State));
        var stored = await factory.WithDbAsync(d => d.Requests.AsNoTracking().ToDictionaryAsync(r => r.Id, r => (r.AdminOverdueAt, r.Version)));
        Assert.Equal(((DateTime?)null, before + 1), stored[second.Id]);
        Assert.Equal(((DateTime?)now, requests.Single(r => r.Id == first.Id).Version), stored[first.Id]);
        Assert.Equal(((DateTime?)now, requests.Single(r => r.Id == third.Id).Version), stored[third.Id]);
    }

    /// <summary>Three requests waiting for their mother (closable) and three new ones (overdue), 49 hours later.</summary>
    private static async Task SeedAsync(PeerConsultFactory factory)
    {
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 10);
        for (var i = 0; i < 3; i++)
        {
            await factory.AwaitingMotherContactAsync(admin, consultant);
            await factory.SubmitRequestAsync();
        }

        factory.Clock.Advance(TimeSpan.FromHours(49));
    }

    /// <summary>Applies the due transitions to every request and returns the Requests rows as stored afterwards.</summary>
    private static async Task<List<string>> TransitionAsync(PeerConsultFactory factory, bool setBased)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<CenterPolicy>>().Value;
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var requests = await db.Requests.Include(r => r.Assignments).ToListAsync();
            foreach (var request in requests)
            {
                Assert.True(request.Status == RequestStatus.New ? request.MissAdminDeadline(now, policy) : request.CloseForNoContact(now, policy));
            }

            await using var tx = await db.Database.BeginTransactionAsync();
            if (setBased)
            {
                db.BumpVersions();

                // Few parameters a statement: several statements and a shorter last one.
                var changed = await VersionCheckedUpdate.UpdateAsync<Guid>(db, [.. db.ChangeTracker.Entries<ConsultationRequest>()], 20, CancellationToken.None);
                Assert.Equal(requests.Select(r => r.Id).ToHashSet(), changed);
                Assert.All(db.ChangeTracker.Entries<ConsultationRequest>(), e => Assert.Equal(EntityState.Unchanged, e.State));
            }

            await db.SaveChangesAsync();
            var rows = await RawRows.ReadAsync(db, "Requests", transaction: tx.GetDbTransaction());
            if (setBased)
            {
                await tx.CommitAsync();
            }

            return rows;
        });
    }
}
