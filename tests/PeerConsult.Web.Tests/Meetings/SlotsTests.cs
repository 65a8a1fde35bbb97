using System.Net;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>GET /api/v1/consultants/{id}/slots: her hours in her zone as instants, minus booked time, from now + the cutoff.</summary>
public sealed class SlotsTests
{
    private static readonly object YekaterinburgMondays = new
    {
        timeZone = "Asia/Yekaterinburg",
        weekly = new[] { new { day = "monday", start = "10:00", end = "14:00" } },
        exceptions = Array.Empty<object>(),
    };

    /// <summary>On both providers alike: SQLite reads the booked hour's quarter rows, PostgreSQL the meeting itself (ConsultantTime).</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task YekaterinburgMonday10To14_FourHourSlotsInUtc_BookedOneLeaves_CutoffApplies(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin);
        await admin.PutHoursAsync(consultant.Id, YekaterinburgMondays);
        const string range = "from=2026-03-02T00:00:00Z&to=2026-03-10T00:00:00Z";

        // Now is Monday 2 March 09:00 UTC: that Monday's hours (05:00–09:00 UTC) are gone; next Monday's are all free.
        Assert.Equal(["2026-03-09T05:00:00+00:00", "2026-03-09T06:00:00+00:00", "2026-03-09T07:00:00+00:00", "2026-03-09T08:00:00+00:00"], await SlotsAsync(admin, consultant.Id, range));

        var request = await factory.AwaitingMotherContactAsync(admin, consultant);
        await admin.BookOkAsync(request.Id, new DateTimeOffset(2026, 3, 9, 11, 0, 0, TimeSpan.FromHours(5)));
        Assert.Equal(["2026-03-09T05:00:00+00:00", "2026-03-09T07:00:00+00:00", "2026-03-09T08:00:00+00:00"], await SlotsAsync(admin, consultant.Id, range));

        // At 00:30 UTC on the 9th, a meeting must start at 06:30 or later (6-hour cutoff).
        factory.SetClock(new DateTimeOffset(2026, 3, 9, 0, 30, 0, TimeSpan.Zero));
        using var later = await factory.CreateAdminClientAsync();
        Assert.Equal(["2026-03-09T07:00:00+00:00", "2026-03-09T08:00:00+00:00"], await SlotsAsync(later, consultant.Id, range));
    }

    [Fact]
    public async Task Mother_SeesOnlySlotsHerWeeklyRuleAllows()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        using var mother = await factory.MotherWithRequestAsync(admin, consultant);
        await mother.Client.BookOkAsync(mother.RequestId, MeetingDriver.Monday10Moscow);
        const string range = "from=2026-03-09T00:00:00Z&to=2026-03-18T00:00:00Z";

        var hers = await SlotsAsync(mother.Client, consultant.Id, range);
        var all = await SlotsAsync(admin, consultant.Id, range);

        // Her meeting is on Monday 9 March (Moscow); she may book again from Monday 16 March.
        Assert.Contains(all, s => s.StartsWith("2026-03-12", StringComparison.Ordinal));
        Assert.DoesNotContain(hers, s => string.CompareOrdinal(s, "2026-03-15T21:00:00+00:00") < 0);
        Assert.Contains("2026-03-16T06:00:00+00:00", hers);
    }

    [Fact]
    public async Task RangeLongerThan35Days_400()
    {
        using var factory = new PeerConsultFactory();
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin);

        using var response = await admin.GetAsync($"/api/v1/consultants/{consultant.Id}/slots?from=2026-03-02T00:00:00Z&to=2026-04-07T00:00:00Z");

        Assert.Equal("invalid-range", await response.ExpectProblemAsync(HttpStatusCode.BadRequest));
    }

    private static async Task<List<string>> SlotsAsync(HttpClient client, Guid consultantId, string range)
    {
        using var response = await client.GetAsync($"/api/v1/consultants/{consultantId}/slots?{range}");
        var json = await response.ExpectAsync(HttpStatusCode.OK);
        return [.. json.EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))];
    }
}
