using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>
/// On PostgreSQL the Meetings table itself refuses overlapping meetings of one consultant (ADR 0011), whatever wrote
/// them; there it is the only defence, as no quarter rows are kept (ADR 0005, ConsultantTime).
/// </summary>
public sealed class ExclusionConstraintTests
{
    [PostgresFact]
    public async Task RawInsertOverlappingAMeeting_BypassingTheApp_RefusedByTheDatabaseWithExclusionViolation()
    {
        using var factory = PeerConsultFactory.On(DbProvider.Postgres);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var booked = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        // Half an hour later, same consultant, written past the app: only the constraint stands in the way.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertCopyAsync(factory, booked, TimeSpan.FromMinutes(30), "Scheduled"));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
        Assert.Equal(MeetingNoOverlap.Name, refused.ConstraintName);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Meetings.CountAsync(m => m.ConsultantId == consultant.Id)));
    }

    [PostgresFact]
    public async Task RawInsertsThatDoNotTakeHerTime_CancelledOrBackToBack_Accepted()
    {
        using var factory = PeerConsultFactory.On(DbProvider.Postgres);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        var booked = await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);

        // A cancelled meeting at the very same time frees her time; the next hour touches but does not overlap ([start, end)).
        await InsertCopyAsync(factory, booked, TimeSpan.Zero, "Cancelled");
        await InsertCopyAsync(factory, booked, TimeSpan.FromMinutes(60), "Scheduled");

        Assert.Equal(3, await factory.WithDbAsync(db => db.Meetings.CountAsync(m => m.ConsultantId == consultant.Id)));
    }

    [PostgresFact]
    public async Task BookingWritesNoQuarterRows_TheMeetingItselfHoldsHerTime_SameHour409SlotTaken()
    {
        using var factory = PeerConsultFactory.On(DbProvider.Postgres);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var first = await factory.MotherWithRequestAsync(admin, consultant);
        using var second = await factory.MotherWithRequestAsync(admin, consultant);
        await first.Client.BookOkAsync(first.RequestId, MeetingDriver.Monday10Moscow);

        // No quarter rows on PostgreSQL (ConsultantTime): the booking's check reads the meeting, the constraint guards it.
        Assert.Equal(0, await factory.WithDbAsync(db => db.BusyQuarters.CountAsync()));
        using var response = await second.Client.BookAsync(second.RequestId, MeetingDriver.Monday10Moscow);

        Assert.Equal("slot-taken", await response.ExpectProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Meetings.CountAsync(m => m.MotherId == second.MotherId)));
    }

    /// <summary>A copy of a meeting, shifted and with the given status, written straight into the table.</summary>
    private static Task<int> InsertCopyAsync(PeerConsultFactory factory, Guid meetingId, TimeSpan shift, string status) =>
        factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Meetings" ("Id", "RequestId", "MotherId", "ConsultantId", "Start", "End", "Status", "CreatedAt", "Version")
            SELECT {0}, "RequestId", "MotherId", "ConsultantId", "Start" + {1}, "End" + {1}, {2}, "CreatedAt", 0
            FROM "Meetings" WHERE "Id" = {3}
            """,
            Guid.NewGuid(), shift, status, meetingId));
}
