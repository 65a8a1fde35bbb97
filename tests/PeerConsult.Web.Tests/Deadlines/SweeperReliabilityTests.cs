using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>Each deadline takes effect exactly once, whether two sweepers race or one crashes half-way.</summary>
public sealed class SweeperReliabilityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoSweepsAtOnce_TenClosuresAndTenOverdue_EachEffectExactlyOnce(DbProvider provider)
    {
        // The first transaction of the race waits open, so the other sweep reads the same request
        // before it changes: its save must then fail on the version and roll back everything it did (R2.2 twice).
        var hold = new HoldFirstTransactionInterceptor(TimeSpan.FromMilliseconds(500));
        var log = new CapturedLog();
        using var factory = PeerConsultFactory.WithServices(
            provider,
            s => s.AddSingleton<IInterceptor>(hold).AddSingleton<ILoggerProvider>(log),
            ("Logging:LogLevel:PeerConsult.Web.Features.Deadlines", "Information"));
        var closing = new List<AwaitingRequest>();
        var unanswered = new List<SubmittedRequest>();
        CreatedConsultant[] consultants;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            consultants = [await factory.CreateConsultantAsync(admin, maxActiveMothers: 10), await factory.CreateConsultantAsync(admin, maxActiveMothers: 10)];
            for (var i = 0; i < 10; i++)
            {
                closing.Add(await factory.AwaitingMotherContactAsync(admin, consultants[i % 2]));
                unanswered.Add(await factory.SubmitRequestAsync());
            }
        }

        // One more mother per consultant whose clock started later: her place must stay taken.
        factory.Clock.Advance(TimeSpan.FromHours(47));
        using (var admin = await factory.CreateAdminClientAsync())
        {
            foreach (var consultant in consultants)
            {
                await factory.AwaitingMotherContactAsync(admin, consultant);
            }
        }

        factory.Clock.Advance(TimeSpan.FromHours(1));
        hold.Arm();

        var racing = await Task.WhenAll(Task.Run(() => factory.SweepAsync()), Task.Run(() => factory.SweepAsync()));
        var third = await factory.SweepAsync();

        Assert.Equal(10, racing.Sum(r => r.Closed));
        Assert.Equal(10, racing.Sum(r => r.Overdue));
        Assert.Equal(0, racing.Sum(r => r.Reminded + r.Warned));
        Assert.Equal(0, third.Total);
        Assert.Contains(log.Messages, m => m.Contains("already applied elsewhere", StringComparison.Ordinal));
        var closingIds = closing.Select(r => r.Id).ToList();
        var unansweredIds = unanswered.Select(r => r.Id).ToList();
        var motherIds = closing.Select(r => r.MotherId).ToList();
        await factory.WithDbAsync(async db =>
        {
            var perKey = await db.OutboxMessages.GroupBy(m => m.DedupKey).Select(g => g.Count()).ToListAsync();
            Assert.All(perKey, count => Assert.Equal(1, count));
            // Twelve assignments (ten closing, two later) each told their consultant once.
            var kinds = await db.OutboxMessages.GroupBy(m => m.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
            Assert.Equal(
                new Dictionary<string, int> { ["admin.overdue"] = 10, ["consultant.new-mother"] = 12, ["consultant.request-closed"] = 10, ["mother.closed-no-contact"] = 10 },
                kinds);

            Assert.Equal(10, await db.Requests.CountAsync(r => closingIds.Contains(r.Id) && r.Status == RequestStatus.Closed));
            var closedEvents = await db.RequestEvents.Where(e => e.Kind == RequestEventKind.Closed).GroupBy(e => e.RequestId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Enumerable.Repeat(1, 10), closedEvents);
            Assert.Equal(10, await db.Requests.CountAsync(r => unansweredIds.Contains(r.Id) && r.AdminOverdueAt != null));
            var decisions = await db.EligibilityDecisions.Where(d => motherIds.Contains(d.MotherId)).GroupBy(d => d.MotherId).Select(g => g.Count(d => d.Rule == "R2.2")).ToListAsync();
            Assert.Equal(Enumerable.Repeat(1, 10), decisions);

            foreach (var consultant in consultants)
            {
                var active = await db.Consultants.Where(c => c.Id == consultant.Id).Select(c => c.ActiveMothers).SingleAsync();
                var open = await db.Assignments.CountAsync(a => a.ConsultantId == consultant.Id && a.EndedAt == null);
                Assert.Equal((1, 1), (active, open));
            }

            return 0;
        });
    }

    /// <summary>
    /// Warnings are applied by the set-based compare-and-set of a batch: the sweep that comes second finds none of the
    /// versions it read, writes no history line and no message for them, and re-reads each to find it done.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoSweepsAtOnce_TwelveWarningsInOneBatch_OneTransitionHistoryLineAndMessageEach(DbProvider provider)
    {
        var hold = new HoldFirstTransactionInterceptor(TimeSpan.FromMilliseconds(500));
        var log = new CapturedLog();
        using var factory = PeerConsultFactory.WithServices(
            provider,
            s => s.AddSingleton<IInterceptor>(hold).AddSingleton<ILoggerProvider>(log),
            ("Logging:LogLevel:PeerConsult.Web.Features.Deadlines", "Information"));
        var requests = new List<SubmittedRequest>();
        for (var i = 0; i < 12; i++)
        {
            requests.Add(await factory.SubmitRequestAsync());
        }

        var ids = requests.Select(r => r.Id).ToList();
        var versions = await factory.WithDbAsync(db => db.Requests.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Version));
        factory.Clock.Advance(TimeSpan.FromHours(21));
        hold.Arm();

        var racing = await Task.WhenAll(Task.Run(() => factory.SweepAsync()), Task.Run(() => factory.SweepAsync()));
        var third = await factory.SweepAsync();

        Assert.Equal(12, racing.Sum(r => r.Warned));
        Assert.Equal(0, racing.Sum(r => r.Closed + r.Reminded + r.Overdue));
        Assert.Equal(0, third.Total);
        Assert.Contains(log.Messages, m => m.Contains("already applied elsewhere", StringComparison.Ordinal));
        await factory.WithDbAsync(async db =>
        {
            // Each row changed once: one version step from what it was before the race.
            var after = await db.Requests.Where(r => ids.Contains(r.Id) && r.AdminWarnedAt != null).ToDictionaryAsync(r => r.Id, r => r.Version);
            Assert.Equal(versions.ToDictionary(v => v.Key, v => v.Value + 1), after);
            var lines = await db.RequestEvents.Where(e => ids.Contains(e.RequestId) && e.Kind == RequestEventKind.AdminWarningReached).GroupBy(e => e.RequestId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Enumerable.Repeat(1, 12), lines);
            var messages = await db.OutboxMessages.Where(m => m.Kind == "admin.warning").GroupBy(m => m.RequestId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Enumerable.Repeat(1, 12), messages);
            return 0;
        });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Sweep_CrashOnSecondClosure_FirstKeptRestAppliedByNextSweepOnce(DbProvider provider) =>
        CrashOnSecondSaveAsync(provider, transitionsPerTransaction: 1, closedBeforeCrash: 1);

    /// <summary>Batched: the first transaction (two closures) is kept, the crashed one (the third) is rolled back whole.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Sweep_TwoPerTransaction_CrashOnSecondTransaction_FirstTwoKeptThirdAppliedByNextSweepOnce(DbProvider provider) =>
        CrashOnSecondSaveAsync(provider, transitionsPerTransaction: 2, closedBeforeCrash: 2);

    /// <summary>Batched: a crash in the only transaction keeps none of its closures; the next sweep applies all three once.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Sweep_CrashInBatchOfThree_NothingKeptAllAppliedByNextSweepOnce(DbProvider provider) =>
        CrashOnSecondSaveAsync(provider, transitionsPerTransaction: 100, closedBeforeCrash: 0, failOn: 1);

    private static async Task CrashOnSecondSaveAsync(DbProvider provider, int transitionsPerTransaction, int closedBeforeCrash, int failOn = 2)
    {
        var crash = new CrashingInterceptor();
        using var factory = PeerConsultFactory.WithServices(
            provider,
            s => s.AddSingleton<IInterceptor>(crash),
            ("Deadlines:TransitionsPerTransaction", transitionsPerTransaction.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var requests = new List<AwaitingRequest>();
        CreatedConsultant consultant;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 5);
            for (var i = 0; i < 3; i++)
            {
                requests.Add(await factory.AwaitingMotherContactAsync(admin, consultant));
            }
        }

        factory.Clock.Advance(TimeSpan.FromHours(48));
        crash.FailOn(failOn);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.SweepAsync());

        Assert.Equal("simulated crash", error.Message);
        Assert.Equal(closedBeforeCrash, await ClosedCountAsync());
        Assert.Equal((3 - closedBeforeCrash, 3 - closedBeforeCrash), await LoadAsync(factory, consultant));

        crash.Disarm();
        Assert.Equal(3 - closedBeforeCrash, (await factory.SweepAsync()).Closed);
        Assert.Equal(0, (await factory.SweepAsync()).Total);

        Assert.Equal(3, await ClosedCountAsync());
        Assert.Equal((0, 0), await LoadAsync(factory, consultant));
        using var admin2 = await factory.CreateAdminClientAsync();
        foreach (var request in requests)
        {
            Assert.Equal(["consultant.new-mother", "consultant.request-closed", "mother.closed-no-contact"], (await admin2.MessagesAsync(request.Id)).Kinds());
            var mother = await admin2.GetMotherAsync(request.MotherId);
            Assert.Equal("R2.2", Assert.Single(mother.GetProperty("decisions").EnumerateArray()).Str("rule"));
            var closed = await admin2.GetRequestAsync(request.Id);
            Assert.Single(closed.GetProperty("history").EnumerateArray(), h => h.Str("kind") == "Closed");
        }

        Task<int> ClosedCountAsync()
        {
            var ids = requests.Select(r => r.Id).ToList();
            return factory.WithDbAsync(db => db.Requests.CountAsync(r => ids.Contains(r.Id) && r.Status == RequestStatus.Closed));
        }
    }

    /// <summary>(ActiveMothers, open assignments): the counter the capacity check uses, and the truth it summarizes.</summary>
    private static Task<(int Active, int Open)> LoadAsync(PeerConsultFactory factory, CreatedConsultant consultant) =>
        factory.WithDbAsync(async db => (
            await db.Consultants.Where(c => c.Id == consultant.Id).Select(c => c.ActiveMothers).SingleAsync(),
            await db.Assignments.CountAsync(a => a.ConsultantId == consultant.Id && a.EndedAt == null)));

    /// <summary>
    /// Holds the first transaction begun after <see cref="Arm"/> for a while, right after it starts (before it writes
    /// anything); every other transaction runs at once. The other sweep meanwhile reads the same due requests, so one of
    /// the two then writes rows whose version moved on. (Held before the writes, not inside SaveChanges: the batch writes
    /// its requests before SaveChanges, and the tests' shared-cache SQLite would block the other sweep's reads of a
    /// table already written to, so the race would not happen there.)
    /// </summary>
    private sealed class HoldFirstTransactionInterceptor(TimeSpan hold) : DbTransactionInterceptor
    {
        private int _armed;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override async ValueTask<System.Data.Common.DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection, TransactionEndEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                await Task.Delay(hold, cancellationToken);
            }

            return result;
        }
    }

    /// <summary>What the app logged, to see which path a racing sweep took.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                ArgumentNullException.ThrowIfNull(formatter);
                messages.Enqueue(formatter(state, exception));
            }
        }
    }

    /// <summary>Throws on the N-th save while armed: the process dying between two transitions of one sweep.</summary>
    private sealed class CrashingInterceptor : SaveChangesInterceptor
    {
        private int _failOn;
        private int _saves;

        public void FailOn(int save)
        {
            Volatile.Write(ref _saves, 0);
            Volatile.Write(ref _failOn, save);
        }

        public void Disarm() => Volatile.Write(ref _failOn, 0);

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Check();
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check();
            return ValueTask.FromResult(result);
        }

        private void Check()
        {
            var failOn = Volatile.Read(ref _failOn);
            if (failOn > 0 && Interlocked.Increment(ref _saves) == failOn)
            {
                throw new InvalidOperationException("simulated crash");
            }
        }
    }
}
