using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Requests;

/// <summary>The database is the last defence: simultaneous calls must not overfill a consultant or duplicate a request.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assign_TwentyAtOnceToConsultantWithFivePlaces_ExactlyFiveSucceed(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var consultant = await factory.CreateConsultantAsync(maxActiveMothers: 5);
        using var admin = await factory.CreateAdminClientAsync();
        var requests = new List<SubmittedRequest>();
        for (var i = 0; i < 20; i++)
        {
            var request = await factory.SubmitRequestAsync();
            using var contact = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/contacts", new { channel = "whatsapp" });
            await contact.ExpectAsync(HttpStatusCode.OK);
            requests.Add(request);
        }

        var responses = await Task.WhenAll(requests.Select(async r =>
        {
            using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{r.Id}/assignment", new { consultantId = consultant.Id });
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body);
        }));

        Assert.DoesNotContain(responses, r => r.StatusCode == HttpStatusCode.InternalServerError);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(15, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("\"code\":\"consultant-at-capacity\"", r.body, StringComparison.Ordinal);
        });

        var load = await factory.WithDbAsync(db => db.Consultants.Where(c => c.Id == consultant.Id).Select(c => c.ActiveMothers).SingleAsync());
        Assert.Equal(5, load);
        var queue = await (await admin.GetAsync("/api/v1/requests?status=assigned")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, queue.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("consultantId").GetGuid() == consultant.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Submit_TenAtOnceSamePhone_OneCreatedRestAlreadyOpen(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        var phone = PeerConsultFactory.NewPhone();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = factory.CreateClient();
            using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(phone));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.DoesNotContain(responses, r => r.StatusCode == HttpStatusCode.InternalServerError);
        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var number = System.Text.Json.JsonDocument.Parse(created.Body).RootElement.GetProperty("number").GetString();
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("\"code\":\"request-already-open\"", r.Body, StringComparison.Ordinal);
            Assert.Contains($"\"number\":\"{number}\"", r.Body, StringComparison.Ordinal);
        });
    }
}
