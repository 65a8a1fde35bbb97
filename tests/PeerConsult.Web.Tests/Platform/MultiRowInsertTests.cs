using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// The sweep writes its history lines and outbox rows with <see cref="MultiRowInsert"/> instead of SaveChanges: the rows
/// must be byte for byte the ones SaveChanges writes, and a failure must keep nothing.
/// </summary>
public sealed class MultiRowInsertTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RowsWrittenByMultiRowInsert_AreExactlyTheRowsSaveChangesWrote(DbProvider provider)
    {
        // One transition per transaction: the sweep then saves through EF alone, so these rows are EF's.
        using var factory = PeerConsultFactory.WithServices(provider, _ => { }, ("Deadlines:TransitionsPerTransaction", "1"));
        await SeedVariedRowsAsync(factory);

        await AssertRewrittenRowsEqualAsync<RequestEvent>(factory, "RequestEvents");
        await AssertRewrittenRowsEqualAsync<OutboxMessage>(factory, "OutboxMessages");
    }

    /// <summary>
    /// A booking on SQLite claims its quarters with MultiRowInsert (docs/perf-bookings.md), and moves and cancellations
    /// find and delete them through EF by their key: the rows must be the ones SaveChanges writes. The quarters are
    /// written once by SaveChanges, once by MultiRowInsert, and compared. SQLite only: PostgreSQL keeps no quarter rows
    /// (ConsultantTime).
    /// </summary>
    [Fact]
    public async Task QuartersWrittenByMultiRowInsert_AreExactlyTheQuartersSaveChangesWrote()
    {
        using var factory = PeerConsultFactory.On(DbProvider.Sqlite);
        using (var admin = await factory.CreateAdminClientAsync())
        {
            var consultant = await factory.ConsultantWithHoursAsync(admin);
            for (var i = 0; i < 2; i++)
            {
                using var mother = await factory.MotherWithRequestAsync(admin, consultant);
                await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddHours(2 * i));
            }
        }

        const string OrderBy = "\"ConsultantId\", \"Quarter\"";
        var quarters = await factory.WithDbAsync(db => db.BusyQuarters.AsNoTracking().ToListAsync());
        Assert.Equal(8, quarters.Count);

        // Written by SaveChanges.
        await factory.WithDbAsync(db => db.BusyQuarters.ExecuteDeleteAsync());
        await factory.WithDbAsync(async db =>
        {
            db.BusyQuarters.AddRange(quarters);
            return await db.SaveChangesAsync();
        });
        var bySaveChanges = await factory.WithDbAsync(db => RawRows.ReadAsync(db, "ConsultantBusyQuarters", OrderBy));

        // Written by MultiRowInsert, in a transaction as the booking does.
        await factory.WithDbAsync(db => db.BusyQuarters.ExecuteDeleteAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.BusyQuarters.AddRange(quarters);
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                Assert.Equal(8, await MultiRowInsert.InsertAsync(db, [.. db.ChangeTracker.Entries()], CancellationToken.None));
                await tx.CommitAsync();
            });
        }

        Assert.Equal(bySaveChanges, await factory.WithDbAsync(db => RawRows.ReadAsync(db, "ConsultantBusyQuarters", OrderBy)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARowThatBreaksAKey_FailsAsDbUpdateException_AndTheTransactionKeepsNone(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        await SeedVariedRowsAsync(factory);
        var existing = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var fresh = Enumerable.Range(0, 7).Select(i => OutboxMessage.Create("admin.test", $"test:{i}", RecipientKind.Administrators, null, null, "log", "text", now)).ToList();

        // Fresh rows first, then one whose de-duplication key already exists (another sweeper's message).
        var duplicate = OutboxMessage.Create("admin.test", existing[0].DedupKey, RecipientKind.Administrators, null, null, "log", "text", now);
        db.OutboxMessages.AddRange([.. fresh, duplicate]);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => MultiRowInsert.InsertAsync(db, [.. db.ChangeTracker.Entries()], CancellationToken.None));
            Assert.NotNull(error.InnerException);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Added, e.State));
        }

        var keys = fresh.Select(m => m.DedupKey).ToList();
        Assert.Equal(0, await factory.WithDbAsync(d => d.OutboxMessages.CountAsync(m => keys.Contains(m.DedupKey))));
        Assert.Equal(existing.Count, await factory.WithDbAsync(d => d.OutboxMessages.CountAsync()));
    }

    /// <summary>
    /// PostgreSQL binds each column as an array typed without the column's length (docs/perf-pg.md): the INSERT must still
    /// refuse a value longer than its column, as it refuses a single parameter from SaveChanges, not cut it short.
    /// </summary>
    [PostgresFact]
    public async Task AValueLongerThanItsColumn_FailsOnPostgres_AndNothingIsKept()
    {
        using var factory = PeerConsultFactory.On(DbProvider.Postgres);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var fine = OutboxMessage.Create("admin.test", "test:fine", RecipientKind.Administrators, null, null, "log", "text", now);
        var tooLong = OutboxMessage.Create(new string('k', 65), "test:long", RecipientKind.Administrators, null, null, "log", "text", now);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.OutboxMessages.AddRange(fine, tooLong);
            await using var tx = await db.Database.BeginTransactionAsync();
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => MultiRowInsert.InsertAsync(db, [.. db.ChangeTracker.Entries()], CancellationToken.None));
            Assert.Equal("22001", Assert.IsType<Npgsql.PostgresException>(error.InnerException).SqlState);
        }

        Assert.Equal(0, await factory.WithDbAsync(d => d.OutboxMessages.CountAsync(m => m.DedupKey == "test:fine" || m.DedupKey == "test:long")));
    }

    /// <summary>Requests in several states and a sweep: history lines with and without an actor, messages with and without a recipient id.</summary>
    private static async Task SeedVariedRowsAsync(PeerConsultFactory factory)
    {
        using (var admin = await factory.CreateAdminClientAsync())
        {
            var consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 10);
            for (var i = 0; i < 3; i++)
            {
                await factory.AwaitingMotherContactAsync(admin, consultant);
                await factory.SubmitRequestAsync();
            }
        }

        factory.Clock.Advance(TimeSpan.FromHours(49));
        var swept = await factory.SweepAsync();
        Assert.True(swept.Total >= 6, $"the sweep applied {swept.Total}");
    }

    /// <summary>Reads every row of the table as the database holds it, deletes them, writes the same entities back with MultiRowInsert, and compares.</summary>
    private static async Task AssertRewrittenRowsEqualAsync<T>(PeerConsultFactory factory, string table)
        where T : class
    {
        var before = await factory.WithDbAsync(db => RawRows.ReadAsync(db, table));
        Assert.True(before.Count >= 5, $"{table}: only {before.Count} rows to compare");
        var entities = await factory.WithDbAsync(db => db.Set<T>().AsNoTracking().ToListAsync());
        await factory.WithDbAsync(db => db.Set<T>().ExecuteDeleteAsync());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Set<T>().AddRange(entities);

            // As the sweeper does it: a transaction of our own, inside the execution strategy (PostgreSQL retries).
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync();

                // PostgreSQL: one statement per table from column arrays; SQLite: one prepared statement executed per row.
                var written = await MultiRowInsert.InsertAsync(db, [.. db.ChangeTracker.Entries()], CancellationToken.None);
                Assert.Equal(entities.Count, written);
                Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
                Assert.Equal(0, await db.SaveChangesAsync());
                await tx.CommitAsync();
            });
        }

        var after = await factory.WithDbAsync(db => RawRows.ReadAsync(db, table));
        Assert.Equal(before, after);
    }
}
