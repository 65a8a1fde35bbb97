using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Features.Deadlines;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>A request whose consultant's contact was sent: the mother's 24/48-hour clock is running (R2).</summary>
public sealed record AwaitingRequest(SubmittedRequest Request, CreatedConsultant Consultant, Guid MotherId, string Phone)
{
    public Guid Id => Request.Id;
}

/// <summary>
/// Drives the clocks by hand: one sweeper or dispatcher pass at the fake clock's "now", in its own scope, as the
/// background loop would run it; and the administrator's steps through the API.
/// </summary>
public static class DeadlineDriver
{
    public static async Task<SweepResult> SweepAsync(this PeerConsultFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineSweeper>().RunOnceAsync(factory.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    public static async Task<int> DispatchAsync(this PeerConsultFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync(factory.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    /// <summary>Submitted now, contact recorded, assigned, and the consultant's contact sent now: her clock starts.</summary>
    public static async Task<AwaitingRequest> AwaitingMotherContactAsync(this PeerConsultFactory factory, HttpClient admin, CreatedConsultant? consultant = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var phone = PeerConsultFactory.NewPhone();
        var request = await factory.SubmitRequestAsync(phone);
        var to = consultant ?? await factory.CreateConsultantAsync(admin);
        await PostOkAsync(admin, request, "contacts", new { channel = "whatsapp" });
        await PostOkAsync(admin, request, "assignment", new { consultantId = to.Id });
        await PostOkAsync(admin, request, "consultant-contact-sent", new { });
        var json = await admin.GetRequestAsync(request.Id);
        Assert.Equal("awaiting-mother-contact", json.GetProperty("status").GetString());
        return new AwaitingRequest(request, to, json.GetProperty("motherId").GetGuid(), phone);
    }

    public static async Task PostOkAsync(HttpClient admin, SubmittedRequest request, string action, object body)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(request);
        using var response = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/{action}", body);
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonElement> GetRequestAsync(this HttpClient admin, Guid id)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.GetAsync($"/api/v1/requests/{id}");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonElement> GetMotherAsync(this HttpClient admin, Guid id)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.GetAsync($"/api/v1/mothers/{id}");
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>GET /api/v1/messages?requestId=… as the administrator sees them.</summary>
    public static async Task<List<JsonElement>> MessagesAsync(this HttpClient admin, Guid requestId)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.GetAsync($"/api/v1/messages?requestId={requestId}");
        return [.. (await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray()];
    }

    public static List<string?> Kinds(this IEnumerable<JsonElement> messages) =>
        [.. messages.Select(m => m.GetProperty("kind").GetString()).Order(StringComparer.Ordinal)];

    public static string? Str(this JsonElement json, string property) =>
        json.GetProperty(property).ValueKind == JsonValueKind.Null ? null : json.GetProperty(property).GetString();

    /// <summary>An instant property, or null.</summary>
    public static DateTimeOffset? At(this JsonElement json, string property) =>
        json.GetProperty(property).ValueKind == JsonValueKind.Null ? null : json.GetProperty(property).GetDateTimeOffset();
}
