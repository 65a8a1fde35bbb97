using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Meetings;

/// <summary>A request waiting for the mother's contact, her own signed-in client, and her consultant's hours set.</summary>
public sealed record MotherWithRequest(AwaitingRequest Request, HttpClient Client) : IDisposable
{
    public Guid RequestId => Request.Id;

    public Guid MotherId => Request.MotherId;

    public void Dispose() => Client.Dispose();
}

/// <summary>Sets up consultants' hours, mothers' accounts and bookings through the API (and Identity, for the mother's password).</summary>
public static class MeetingDriver
{
    /// <summary>Monday 9 March 2026, 10:00 in Moscow: a week after every factory's clock starts.</summary>
    public static readonly DateTimeOffset Monday10Moscow = new(2026, 3, 9, 7, 0, 0, TimeSpan.Zero);

    public static object EveryDay(string timeZone = "Europe/Moscow", string start = "09:00", string end = "21:00") => new
    {
        timeZone,
        weekly = Enum.GetNames<DayOfWeek>().Select(d => new { day = d.ToLowerInvariant(), start, end }).ToArray(),
        exceptions = Array.Empty<object>(),
    };

    public static async Task PutHoursAsync(this HttpClient client, Guid consultantId, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PutAsJsonAsync($"/api/v1/consultants/{consultantId}/availability", body);
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A consultant with capacity for <paramref name="places"/> mothers and hours every day 09:00–21:00 Moscow time.</summary>
    public static async Task<CreatedConsultant> ConsultantWithHoursAsync(this PeerConsultFactory factory, HttpClient admin, int places = 5)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var consultant = await factory.CreateConsultantAsync(admin, maxActiveMothers: places);
        await admin.PutHoursAsync(consultant.Id, EveryDay());
        return consultant;
    }

    /// <summary>
    /// A Mother account linked to her record, signed in with a bearer token. Test-only: mothers really sign in with
    /// one-time codes (built elsewhere); here Identity gives her a password so the API can be driven as her.
    /// </summary>
    public static async Task<HttpClient> MotherClientAsync(this PeerConsultFactory factory, Guid motherId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var email = $"mother{PeerConsultFactory.Next()}@test.local";
        const string password = "mother-password-1";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var mother = await db.Mothers.SingleAsync(m => m.Id == motherId);
            if (mother.UserId is { } existing)
            {
                email = (await users.FindByIdAsync(existing.ToString()))!.Email!;
            }
            else
            {
                var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Мама" };
                Assert.True((await users.CreateAsync(user, password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, Roles.Mother)).Succeeded);
                mother.LinkAccount(user.Id);
                await db.SaveChangesAsync();
            }
        }

        return await factory.LoginAsync(email, password);
    }

    public static async Task<MotherWithRequest> MotherWithRequestAsync(this PeerConsultFactory factory, HttpClient admin, CreatedConsultant consultant)
    {
        var request = await factory.AwaitingMotherContactAsync(admin, consultant);
        return new MotherWithRequest(request, await factory.MotherClientAsync(request.MotherId));
    }

    public static Task<HttpResponseMessage> BookAsync(this HttpClient client, Guid requestId, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsJsonAsync("/api/v1/meetings", new { requestId, start });
    }

    /// <summary>Books and returns the meeting's id; fails the test unless 201.</summary>
    public static async Task<Guid> BookOkAsync(this HttpClient client, Guid requestId, DateTimeOffset start)
    {
        using var response = await client.BookAsync(requestId, start);
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsJsonAsync(url, body);
    }

    public static async Task<JsonElement> GetMeetingAsync(this HttpClient client, Guid id)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/api/v1/meetings/{id}");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static List<string?> ViolationKinds(this JsonElement mother) =>
        [.. mother.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("kind").GetString()).Order(StringComparer.Ordinal)];

    public static void SetClock(this PeerConsultFactory factory, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.Clock.SetUtcNow(at);
    }
}
