using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Consultants;

public static class ConsultantsApi
{
    public sealed record CatalogBody(Guid Id, string DisplayName, string? Bio, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, string TimeZone, bool AcceptingMothers);

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

    private static async Task<Ok<List<CatalogBody>>> CatalogAsync(CatalogHandler handler, CancellationToken ct) =>
        TypedResults.Ok((await handler.PublishedAsync(ct))
            .Select(c => new CatalogBody(c.Id, c.DisplayName, c.Bio, c.Topics, c.Languages, c.TimeZone, c.AcceptingMothers)).ToList());

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
