using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Intake;

public static class IntakeApi
{
    public sealed record SubmitBody(
        string? Name,
        string? Phone,
        string? Messenger,
        string? Email,
        string? TimeZone,
        string? Note,
        Guid? PreferredConsultantId,
        bool ConsentAccepted);

    public sealed record SubmittedBody(Guid Id, string Number, string Status, DateTimeOffset AdminDueAt);

    public static RouteGroupBuilder MapIntakeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/requests", SubmitAsync).AllowAnonymous().WithName("SubmitRequest").WithTags("Requests");
        return api;
    }

    private static async Task<Results<Created<SubmittedBody>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitBody body,
        HttpContext http,
        SubmitRequestHandler handler,
        IStringLocalizer<ErrorText> text,
        CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(
            new SubmitRequestCommand(body.Name, body.Phone, body.Messenger, body.Email, body.TimeZone, body.Note, body.PreferredConsultantId, body.ConsentAccepted, http.Connection.RemoteIpAddress?.ToString()),
            ct);
        if (outcome.FieldErrors is { } errors)
        {
            return text.Validation(errors);
        }

        if (outcome.Error is { } error)
        {
            return text.Problem(error);
        }

        var r = outcome.Value!;
        return TypedResults.Created($"/api/v1/requests/{r.Id}", new SubmittedBody(r.Id, r.Number, ApiJson.Code(r.Status), ApiJson.Instant(r.AdminDueAt)));
    }
}
