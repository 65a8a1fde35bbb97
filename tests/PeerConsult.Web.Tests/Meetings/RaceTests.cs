using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>
/// The worst interleaving, made certain: another booking commits after this one's checks passed and before it saves.
/// Only the database can refuse then — the unique quarter key, or the mother's version (ADR 0005).
/// </summary>
public sealed class RaceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnotherMeetingTakesTheTimeBetweenCheckAndSave_UniqueQuarter_409SlotTaken(DbProvider provider)
    {
        var race = new RaceInterceptor();
        using var factory = PeerConsultFactory.WithServices(provider, s => s.AddSingleton<IInterceptor>(race));
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        var loser = await factory.AwaitingMotherContactAsync(admin, consultant);
        var winner = await factory.AwaitingMotherContactAsync(admin, consultant);
        race.Arm(async () => await admin.BookOkAsync(winner.Id, MeetingDriver.Monday10Moscow));
        using var response = await admin.BookAsync(loser.Id, MeetingDriver.Monday10Moscow);

        Assert.Equal("slot-taken", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        var meetings = await factory.WithDbAsync(db => db.Meetings.Select(m => m.RequestId).ToListAsync());
        Assert.Equal([winner.Id], meetings);
        Assert.Equal(4, await factory.QuartersAsync(m => true));

        // Nothing of the loser's unit of work survived: her request still waits for contact, no message about her meeting.
        Assert.Equal("awaiting-mother-contact", (await admin.GetRequestAsync(loser.Id)).Str("status"));
        Assert.DoesNotContain(await admin.MessagesAsync(loser.Id), m => m.Str("kind") == "consultant.meeting-booked");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SameMotherBooksAnotherDayOfTheWeekBetweenCheckAndSave_VersionConflict_ReJudged_409WeeklyLimit(DbProvider provider)
    {
        var race = new RaceInterceptor();
        using var factory = PeerConsultFactory.WithServices(provider, s => s.AddSingleton<IInterceptor>(race));
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        race.Arm(async () => await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow.AddDays(2)));

        using var response = await mother.Client.BookAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        var problem = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("weekly-limit", problem.Str("code"));
        Assert.Equal("2026-03-18", problem.Str("firstAllowedDate"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Meetings.CountAsync(m => m.MotherId == mother.MotherId)));
    }

    /// <summary>
    /// Runs the armed action once, just before the first transaction that would save a new meeting begins (PostgreSQL),
    /// or as EF takes it over (SQLite begins a deferred transaction itself and hands it to EF: ADR 5).
    /// </summary>
    private sealed class RaceInterceptor : DbTransactionInterceptor
    {
        private Func<Task>? _race;

        public void Arm(Func<Task> race) => _race = race;

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            await RaceAsync(eventData.Context);
            return result;
        }

        public override async ValueTask<DbTransaction> TransactionUsedAsync(
            DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            await RaceAsync(eventData.Context);
            return result;
        }

        private async Task RaceAsync(DbContext? context)
        {
            if (context?.ChangeTracker.Entries<Meeting>().Any(e => e.State == EntityState.Added) == true
                && Interlocked.Exchange(ref _race, null) is { } race)
            {
                await race();
            }
        }
    }
}
