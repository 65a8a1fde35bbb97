using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

public static class ConsultantsApi
{
    public sealed record CatalogBody(Guid Id, string DisplayName, string? Bio, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, string TimeZone, bool AcceptingMothers, string? PhotoUrl);

    public sealed record CreateBody(
        string? DisplayName,
        string? Email,
        string? Phone,
        string? TimeZone,
        string? Bio,
        IReadOnlyList<string>? Topics,
        IReadOnlyList<string>? Languages,
        int MaxActiveMothers,
        bool Published);

    public sealed record CreatedBody(Guid Id);

    public static RouteGroupBuilder MapConsultantsApi(this RouteGroupBuilder api)
    {
        var consultants = api.MapGroup("/consultants").WithTags("Consultants");
        consultants.MapGet("/", CatalogAsync).AllowAnonymous().WithName("ConsultantCatalog");
        consultants.MapPost("/", CreateAsync).RequireAuthorization(Policies.Administrator).WithName("CreateConsultant");
        return api;
    }

    /// <summary>Photos sit beside the catalog page (/consultants), outside /api/v1: an &lt;img&gt; loads them directly.</summary>
    public static IEndpointRouteBuilder MapConsultantPhotos(this IEndpointRouteBuilder app)
    {
        app.MapGet("/consultants/{id:guid}/photo", PhotoAsync).AllowAnonymous().WithName("ConsultantPhoto").WithTags("Consultants");
        return app;
    }

    public static string PhotoUrl(Guid id, int version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/consultants/{id}/photo?v={version}");

    /// <summary>
    /// Sets the headers every served photo carries: the browser must not guess another type from the bytes, and
    /// the versioned URL (the one the catalog links to) never changes its content, so it is cached for a year.
    /// </summary>
    internal static void PhotoHeaders(HttpResponse response, StoredPhoto photo, int? requestedVersion, bool shared)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = requestedVersion == photo.Version
            ? (shared ? "public" : "private") + ", max-age=31536000, immutable"
            : (shared ? "public" : "private") + ", no-cache";
    }

    private static async Task<Ok<List<CatalogBody>>> CatalogAsync(CatalogHandler handler, CancellationToken ct) =>
        TypedResults.Ok((await handler.PublishedAsync(ct))
            .Select(c => new CatalogBody(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.AcceptingMothers, c.PhotoUrl)).ToList());

    /// <summary>Only published consultants' photos are public; any other id is simply not found.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> PhotoAsync(Guid id, int? v, CatalogHandler handler, HttpResponse response, CancellationToken ct)
    {
        if (await handler.PublishedPhotoAsync(id, ct) is not { } photo)
        {
            return TypedResults.NotFound();
        }

        PhotoHeaders(response, photo, v, shared: true);
        return TypedResults.File(photo.Bytes, photo.ContentType, lastModified: photo.UpdatedAt, entityTag: PhotoTag(photo));
    }

    internal static Microsoft.Net.Http.Headers.EntityTagHeaderValue PhotoTag(StoredPhoto photo) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{photo.Version}\""));

    private static async Task<Results<Created<CreatedBody>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateBody body, ManageConsultantsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.CreateAsync(
            new ConsultantInput(body.DisplayName, body.Email, body.Phone, body.TimeZone, body.Bio, body.Topics, body.Languages, body.MaxActiveMothers, body.Published),
            ct);
        return outcome.FieldErrors is { } errors ? text.Validation(errors)
            : outcome.Error is { } error ? text.Problem(error)
            : TypedResults.Created($"/api/v1/consultants/{outcome.Value!.Id}", new CreatedBody(outcome.Value.Id));
    }
}
