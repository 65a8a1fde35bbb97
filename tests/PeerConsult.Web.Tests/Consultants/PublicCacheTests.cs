using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Caching;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;
using PeerConsult.Web.Tests.Meetings;

namespace PeerConsult.Web.Tests.Consultants;

/// <summary>
/// ADR 13: the cached catalog and cached slots change right after every kind of write that changes what they show,
/// on this instance and (PostgreSQL) on another instance of the app on the same database.
/// </summary>
public sealed class PublicCacheTests
{
    private const string Monday = "from=2026-03-09T00:00:00Z&to=2026-03-10T00:00:00Z";
    private const string TenMoscow = "2026-03-09T07:00:00+00:00";
    private static readonly DateTime MondayStart = new(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Catalog_Cached_ChangesRightAfterProfileUnpublishAndFullCapacity(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        await ChangeListening.TrustedAsync(factory);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: 1);
        using var visitor = factory.CreateClient();
        var choose = $"/request?consultant={consultant.Id}";
        Assert.Contains(choose, await CachedCatalogAsync(visitor), StringComparison.Ordinal);

        // Profile: her new name shows on the next visit.
        await EditAsync(factory, consultant.Id, p => p with { DisplayName = "Светлана Новая" });
        Assert.Contains("Светлана Новая", await CachedCatalogAsync(visitor), StringComparison.Ordinal);

        // Capacity: her only place taken (a compare-and-set ExecuteUpdate inside the assignment's transaction).
        await factory.AwaitingMotherContactAsync(admin, consultant);
        var full = await visitor.GetStringAsync("/consultants");
        Assert.DoesNotContain(choose, full, StringComparison.Ordinal);
        Assert.Contains("Светлана Новая", full, StringComparison.Ordinal);

        // The intake form's chooser and the API list every published consultant from memory too.
        await visitor.GetStringAsync("/request");
        Assert.Contains("Светлана Новая", await visitor.GetStringAsync("/request"), StringComparison.Ordinal);
        Assert.Contains("Светлана Новая", await visitor.GetStringAsync("/api/v1/consultants"), StringComparison.Ordinal);

        // Unpublished: gone from the next visit, the form and the API.
        await EditAsync(factory, consultant.Id, p => p with { Published = false });
        Assert.DoesNotContain("Светлана Новая", await visitor.GetStringAsync("/consultants"), StringComparison.Ordinal);
        Assert.DoesNotContain("Светлана Новая", await visitor.GetStringAsync("/request"), StringComparison.Ordinal);
        Assert.DoesNotContain("Светлана Новая", await visitor.GetStringAsync("/api/v1/consultants"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Slots_Cached_ChangeRightAfterBookingCancellingMovingAndHours(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        await ChangeListening.TrustedAsync(factory);
        using var admin = await factory.CreateAdminClientAsync();
        var consultant = await factory.ConsultantWithHoursAsync(admin);
        Assert.Contains(TenMoscow, await SlotsAsync(admin, consultant.Id));
        Assert.True(IsCached(factory, consultant.Id), "the second ask is answered from the cache");

        // A booking takes the slot: gone at once.
        var request = await factory.AwaitingMotherContactAsync(admin, consultant);
        var meeting = await admin.BookOkAsync(request.Id, MeetingDriver.Monday10Moscow);
        Assert.DoesNotContain(TenMoscow, await SlotsAsync(admin, consultant.Id));

        // Moved to 14:00 Moscow: 10:00 is free again, 14:00 is taken.
        using (var moved = await admin.PostJsonAsync($"/api/v1/meetings/{meeting}/reschedule", new { start = "2026-03-09T11:00:00Z", initiator = "center" }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }

        var afterMove = await SlotsAsync(admin, consultant.Id);
        Assert.Contains(TenMoscow, afterMove);
        Assert.DoesNotContain("2026-03-09T11:00:00+00:00", afterMove);

        // Cancelled: 14:00 returns.
        using (var cancelled = await admin.PostJsonAsync($"/api/v1/meetings/{meeting}/cancel", new { reason = "центр", initiator = "center" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Contains("2026-03-09T11:00:00+00:00", await SlotsAsync(admin, consultant.Id));

        // Her hours edited: from 12:00 only.
        await admin.PutHoursAsync(consultant.Id, MeetingDriver.EveryDay(start: "12:00"));
        var later = await SlotsAsync(admin, consultant.Id);
        Assert.DoesNotContain(TenMoscow, later);
        Assert.Equal("2026-03-09T09:00:00+00:00", later[0]);

        // A write that bypasses the change tracker (raw SQL) is seen by its statement.
        Assert.True(IsCached(factory, consultant.Id));
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"ConsultantAvailability\" SET \"Weekly\" = '[]' WHERE \"ConsultantId\" = {consultant.Id}"));
        Assert.Empty(await SlotsAsync(admin, consultant.Id));
    }

    [Fact]
    public void WritesOutsideSaveChanges_RecognisedByTheirSql()
    {
        Assert.Null(PublicChangeInterceptor.ScanSql("SELECT COUNT(*) FROM \"Consultants\" AS c WHERE c.\"Published\""));
        Assert.Null(PublicChangeInterceptor.ScanSql("SELECT * FROM \"Meetings\" FOR UPDATE"));
        Assert.Null(PublicChangeInterceptor.ScanSql("UPDATE \"OutboxMessages\" SET \"Status\" = 'Sent'"));

        var capacity = PublicChangeInterceptor.ScanSql("UPDATE \"Consultants\" AS \"c\"\nSET \"ActiveMothers\" = \"c\".\"ActiveMothers\" + 1");
        Assert.True(capacity is { Catalog: true, Everything: false });
        Assert.True(PublicChangeInterceptor.ScanSql("DELETE FROM \"ConsultantBusyQuarters\" WHERE \"MeetingId\" = @p0") is { Everything: true });
        Assert.True(PublicChangeInterceptor.ScanSql("insert into ConsultantAvailability (ConsultantId) values (1)") is { Everything: true });
        Assert.True(PublicChangeInterceptor.ScanSql("INSERT INTO \"Consultants\" (\"Id\") VALUES (@p0)") is { Catalog: true, Everything: true });
    }

    /// <summary>Two app instances on one PostgreSQL: a write on one changes the other's cached catalog and slots.</summary>
    [PostgresFact]
    public async Task TwoInstances_WriteOnOne_InvalidatesTheOthersCache()
    {
        using var first = PeerConsultFactory.On(DbProvider.Postgres);
        using var second = first.SecondInstance();
        await ChangeListening.TrustedAsync(first);
        await ChangeListening.TrustedAsync(second);
        using var admin = await first.CreateAdminClientAsync();
        using var otherAdmin = await second.CreateAdminClientAsync();
        var consultant = await first.ConsultantWithHoursAsync(admin);
        using var visitor = second.CreateClient();
        var choose = $"/request?consultant={consultant.Id}";
        Assert.Contains(choose, await CachedCatalogAsync(visitor), StringComparison.Ordinal);
        Assert.Contains(TenMoscow, await SlotsAsync(otherAdmin, consultant.Id));
        Assert.True(IsCached(second, consultant.Id));

        // Booked on the first instance: the second stops offering the slot (NOTIFY arrives within milliseconds).
        var request = await first.AwaitingMotherContactAsync(admin, consultant);
        await admin.BookOkAsync(request.Id, MeetingDriver.Monday10Moscow);
        await ChangeListening.EventuallyAsync(async () => !(await SlotsAsync(otherAdmin, consultant.Id)).Contains(TenMoscow), "the slot booked on the other instance disappears");

        // Unpublished on the first instance: gone from the second's cached catalog.
        await EditAsync(first, consultant.Id, p => p with { Published = false });
        await ChangeListening.EventuallyAsync(async () => !(await visitor.GetStringAsync("/consultants")).Contains(choose, StringComparison.Ordinal), "the unpublished consultant leaves the other instance's catalog");

        // Without a listener the counters are not trusted: a write nobody announced (another program, plain SQL) is
        // still seen at once, because the pages then read the database (fingerprint; slots uncached).
        second.Services.GetRequiredService<PublicVersions>().SetTrusted(false);
        var other = await first.ConsultantWithHoursAsync(admin);
        Assert.Contains(TenMoscow, await SlotsAsync(otherAdmin, other.Id));
        Assert.Contains($"/request?consultant={other.Id}", await CachedCatalogAsync(visitor), StringComparison.Ordinal);
        await using (var connection = new NpgsqlConnection(first.Services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")))
        {
            await connection.OpenAsync();
            await using var unannounced = new NpgsqlCommand(
                "UPDATE \"Consultants\" SET \"DisplayName\" = 'Без объявления', \"Version\" = \"Version\" + 1 WHERE \"Id\" = @id; " +
                "UPDATE \"ConsultantAvailability\" SET \"Weekly\" = '[]' WHERE \"ConsultantId\" = @id",
                connection);
            unannounced.Parameters.AddWithValue("id", other.Id);
            await unannounced.ExecuteNonQueryAsync();
        }

        Assert.Contains("Без объявления", await visitor.GetStringAsync("/consultants"), StringComparison.Ordinal);
        Assert.Empty(await SlotsAsync(otherAdmin, other.Id));
    }

    /// <summary>Visits twice and returns the second page, which must come from the output cache (Age header).</summary>
    private static async Task<string> CachedCatalogAsync(HttpClient visitor)
    {
        await visitor.GetStringAsync("/consultants");
        using var cached = await visitor.GetAsync("/consultants");
        Assert.True(cached.Headers.Age.HasValue, "the second visit comes from the output cache");
        return await cached.Content.ReadAsStringAsync();
    }

    private static bool IsCached(PeerConsultFactory factory, Guid consultantId)
    {
        var versions = factory.Services.GetRequiredService<PublicVersions>();
        var cache = factory.Services.GetRequiredService<SlotsCache>();
        return cache.Find(consultantId, MondayStart, MondayStart.AddDays(1), versions.Slots(consultantId)) is not null;
    }

    private static async Task<List<string>> SlotsAsync(HttpClient client, Guid consultantId)
    {
        using var response = await client.GetAsync($"/api/v1/consultants/{consultantId}/slots?{Monday}");
        var json = await response.ExpectAsync(HttpStatusCode.OK);
        return [.. json.EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>The administrator's edit form's handler, with one thing changed.</summary>
    private static async Task EditAsync(PeerConsultFactory factory, Guid id, Func<ConsultantInput, ConsultantInput> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var manage = scope.ServiceProvider.GetRequiredService<ManageConsultantsHandler>();
        var c = await manage.FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("No such consultant.");
        var input = new ConsultantInput(c.DisplayName, c.Email, c.Phone, c.TimeZone, c.Bio, c.Topics, c.Languages, c.MaxActiveMothers, c.Published);
        var outcome = await manage.UpdateAsync(id, change(input), CancellationToken.None);
        Assert.True(outcome.Error is null && outcome.FieldErrors is null, "the edit is accepted");
    }
}
