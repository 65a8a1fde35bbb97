using System.Net;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>The database is the last defence (ADR 0005): claimed quarters are unique, and a mother's row serializes her bookings.</summary>
public sealed class ConcurrentBookingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FiftyMothersBookTheSameSlotAtOnce_OneMeetingFourQuarters_Rest409SlotTaken(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin, places: 50);
        var requests = new List<AwaitingRequest>();
        for (var i = 0; i < 50; i++)
        {
            requests.Add(await factory.AwaitingMotherContactAsync(admin, consultant));
        }

        var responses = await Task.WhenAll(requests.Select(async r =>
        {
            using var response = await admin.BookAsync(r.Id, MeetingDriver.Monday10Moscow);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.DoesNotContain(responses, r => r.StatusCode == HttpStatusCode.InternalServerError);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(49, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("\"code\":\"slot-taken\"", r.Body, StringComparison.Ordinal);
        });

        Assert.Equal(1, await factory.WithDbAsync(db => db.Meetings.CountAsync(m => m.ConsultantId == consultant.Id)));
        Assert.Equal(4, await factory.QuartersAsync(m => m.ConsultantId == consultant.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OneMotherBooksTwoSlotsInOneWeekAtOnce_OneSucceeds_Other409(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);

        // A few rounds, each with a fresh mother, so the two requests really overlap at least sometimes.
        for (var round = 0; round < 5; round++)
        {
            using var mother = await factory.MotherWithRequestAsync(admin, consultant);
            var monday = MeetingDriver.Monday10Moscow.AddDays(7 * round).AddHours(round % 2);
            var responses = await Task.WhenAll(new[] { monday, monday.AddDays(2) }.Select(async start =>
            {
                using var response = await mother.Client.BookAsync(mother.RequestId, start);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));

            Assert.DoesNotContain(responses, r => r.StatusCode == HttpStatusCode.InternalServerError);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains("\"code\":\"weekly-limit\"", loser.Body, StringComparison.Ordinal);
            Assert.Equal(1, await factory.WithDbAsync(db => db.Meetings.CountAsync(m => m.MotherId == mother.MotherId)));
        }
    }
}
