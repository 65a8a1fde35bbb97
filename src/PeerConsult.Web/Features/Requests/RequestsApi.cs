using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Requests;

public static class RequestsApi
{
    public sealed record QueueItemBody(
        Guid Id,
        string Number,
        string Name,
        string Messenger,
        string Status,
        DateTimeOffset SubmittedAt,
        DateTimeOffset AdminDueAt,
        string AdminClock,
        long AdminSecondsLeft,
        DateTimeOffset? ContactedAt,
        Guid? ConsultantId,
        string? ConsultantName,
        DateTimeOffset? MotherContactDueAt,
        DateTimeOffset? AutoCloseAt);

    public sealed record QueueBody(IReadOnlyList<QueueItemBody> Items, int Total, int OverdueCount, int WarningCount, int Page, int PageSize);

    public sealed record ContactBody(DateTimeOffset At, string Channel, string? Note);

    public sealed record AssignmentBody(Guid ConsultantId, DateTimeOffset AssignedAt, string? Reason, DateTimeOffset? EndedAt);

    public sealed record HistoryBody(DateTimeOffset At, string Kind, string Actor, IReadOnlyDictionary<string, string?> Data, IReadOnlyDictionary<string, string> Policy);

    public sealed record RequestBody(
        Guid Id,
        string Number,
        string Status,
        Guid MotherId,
        string Name,
        string Phone,
        string Messenger,
        string? Email,
        string TimeZone,
        string? Note,
        Guid? PreferredConsultantId,
        Guid? ConsultantId,
        string Eligibility,
        DateTimeOffset SubmittedAt,
        DateTimeOffset AdminWarningAt,
        DateTimeOffset AdminDueAt,
        string AdminClock,
        DateTimeOffset? ContactedAt,
        DateTimeOffset? AdminWarnedAt,
        DateTimeOffset? AdminOverdueAt,
        DateTimeOffset? ConsultantContactSentAt,
        DateTimeOffset? MotherContactDueAt,
        DateTimeOffset? MotherRemindedAt,
        DateTimeOffset? MotherContactedAt,
        DateTimeOffset? AutoCloseAt,
        DateTimeOffset? ClosedAt,
        string? ClosedReason,
        string ConsentVersion,
        DateTimeOffset ConsentAcceptedAt,
        IReadOnlyList<ContactBody> Contacts,
        IReadOnlyList<AssignmentBody> Assignments,
        IReadOnlyList<HistoryBody> History);

    public sealed record RecordContactBody(DateTimeOffset? At, string? Channel, string? Note);

    public sealed record AssignBody(Guid ConsultantId, string? Reason);

    public sealed record ContactSentBody(DateTimeOffset? At);

    public sealed record MotherContactedBody(DateTimeOffset? At);

    public sealed record ChangedBody(Guid Id, string Status);

    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").RequireAuthorization(Policies.Administrator).WithTags("Requests");
        requests.MapGet("/", ListAsync).WithName("ListRequests");
        requests.MapGet("/{id:guid}", GetAsync).WithName("GetRequest");
        requests.MapPost("/{id:guid}/contacts", RecordContactAsync).WithName("RecordContact");
        requests.MapPost("/{id:guid}/assignment", AssignAsync).WithName("AssignConsultant");
        requests.MapPost("/{id:guid}/consultant-contact-sent", ContactSentAsync).WithName("ConsultantContactSent");
        requests.MapPost("/{id:guid}/mother-contacted", MotherContactedAsync).WithName("MotherContacted");

        // R2.3: the assigned consultant records it herself; only her own requests are found.
        api.MapPost("/consultant/requests/{id:guid}/mother-contacted", ConsultantMotherContactedAsync)
            .RequireAuthorization(Policies.Consultant).WithTags("Requests").WithName("ConsultantMotherContacted");
        return api;
    }

    private static async Task<Results<Ok<QueueBody>, ValidationProblem>> ListAsync(
        string? status,
        bool? overdue,
        int? page,
        QueueHandler handler,
        TimeProvider clock,
        IStringLocalizer<ErrorText> text,
        CancellationToken ct)
    {
        var parsed = ApiJson.ParseStatus(status);
        if (status is not null && parsed is null)
        {
            // A bad filter is bad input (400), not a conflict with the request's state (409, as for the actions).
            return text.Validation(new Dictionary<string, DomainError> { ["Status"] = DomainError.Of(ErrorCodes.InvalidStatus, ("status", status)) });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var result = await handler.HandleAsync(new QueueFilter(parsed, overdue ?? false, IncludeClosed: false, page ?? 1), ct);
        var items = result.Items.Select(i => new QueueItemBody(
            i.Id,
            i.Number,
            i.Name,
            ApiJson.Code(i.Messenger),
            ApiJson.Code(i.Status),
            ApiJson.Instant(i.SubmittedAt),
            ApiJson.Instant(i.AdminDueAt),
            ApiJson.Code(i.Clock(now)),
            (long)(i.AdminDueAt - now).TotalSeconds,
            ApiJson.Instant(i.ContactedAt),
            i.ConsultantId,
            i.ConsultantName,
            ApiJson.Instant(i.MotherContactDueAt),
            ApiJson.Instant(i.AutoCloseAt))).ToList();
        return TypedResults.Ok(new QueueBody(items, result.Total, result.OverdueCount, result.WarningCount, result.Page, result.PageSize));
    }

    private static async Task<Results<Ok<RequestBody>, NotFound<ProblemDetails>>> GetAsync(Guid id, RequestViewHandler handler, TimeProvider clock, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var view = await handler.HandleAsync(id, ct);
        if (view is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = ErrorCodes.RequestNotFound, Detail = text.Message(DomainError.Of(ErrorCodes.RequestNotFound)), Extensions = { ["code"] = ErrorCodes.RequestNotFound } });
        }

        var r = view.Request;
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new RequestBody(
            r.Id,
            r.Number,
            ApiJson.Code(r.Status),
            r.MotherId,
            r.Name,
            r.Phone,
            ApiJson.Code(r.Messenger),
            r.Email,
            r.TimeZone,
            r.Note,
            r.PreferredConsultantId,
            r.ConsultantId,
            view.MotherEligibility.ToString(),
            ApiJson.Instant(r.SubmittedAt),
            ApiJson.Instant(r.AdminWarningAt),
            ApiJson.Instant(r.AdminDueAt),
            ApiJson.Code(r.AdminClockAt(now)),
            ApiJson.Instant(r.ContactedAt),
            ApiJson.Instant(r.AdminWarnedAt),
            ApiJson.Instant(r.AdminOverdueAt),
            ApiJson.Instant(r.ConsultantContactSentAt),
            ApiJson.Instant(r.MotherContactDueAt),
            ApiJson.Instant(r.MotherRemindedAt),
            ApiJson.Instant(r.MotherContactedAt),
            ApiJson.Instant(r.AutoCloseAt),
            ApiJson.Instant(r.ClosedAt),
            r.ClosedReason is { } reason ? ApiJson.Code(reason) : null,
            r.ConsentVersion,
            ApiJson.Instant(r.ConsentAcceptedAt),
            [.. r.Contacts.OrderBy(c => c.At).Select(c => new ContactBody(ApiJson.Instant(c.At), ApiJson.Code(c.Channel), c.Note))],
            [.. r.Assignments.OrderBy(a => a.AssignedAt).Select(a => new AssignmentBody(a.ConsultantId, ApiJson.Instant(a.AssignedAt), a.Reason, ApiJson.Instant(a.EndedAt)))],
            [.. view.History.Select(h => new HistoryBody(ApiJson.Instant(h.At), h.Kind.ToString(), h.ActorRole, h.Data, h.Policy))]));
    }

    private static async Task<Results<Ok<ChangedBody>, ValidationProblem, ProblemHttpResult>> RecordContactAsync(
        Guid id, RecordContactBody body, ClaimsPrincipal user, RequestActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        if (body.Channel is null || !ApiJson.Channels.TryGetValue(body.Channel, out var channel))
        {
            return text.Validation(new Dictionary<string, DomainError> { ["Channel"] = DomainError.Of(ErrorCodes.InvalidChannel) });
        }

        var outcome = await handler.RecordContactAsync(new RecordContactCommand(id, body.At?.UtcDateTime, channel, body.Note), Admin(user), ct);
        return ToResult(outcome, text);
    }

    private static async Task<Results<Ok<ChangedBody>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, AssignBody body, ClaimsPrincipal user, RequestActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct) =>
        ToResult(await handler.AssignAsync(new AssignConsultantCommand(id, body.ConsultantId, body.Reason), Admin(user), ct), text);

    private static async Task<Results<Ok<ChangedBody>, ValidationProblem, ProblemHttpResult>> ContactSentAsync(
        Guid id, ContactSentBody? body, ClaimsPrincipal user, RequestActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct) =>
        ToResult(await handler.ConsultantContactSentAsync(new ConsultantContactSentCommand(id, body?.At?.UtcDateTime), Admin(user), ct), text);

    private static async Task<Results<Ok<ChangedBody>, ValidationProblem, ProblemHttpResult>> MotherContactedAsync(
        Guid id, MotherContactedBody? body, ClaimsPrincipal user, RequestActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct) =>
        ToResult(await handler.MotherContactedAsync(new MotherContactedCommand(id, body?.At?.UtcDateTime), Admin(user), ct), text);

    private static async Task<Results<Ok<ChangedBody>, ValidationProblem, ProblemHttpResult>> ConsultantMotherContactedAsync(
        Guid id, MotherContactedBody? body, ClaimsPrincipal user, RequestActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct) =>
        ToResult(await handler.MotherContactedByConsultantAsync(
            new MotherContactedCommand(id, body?.At?.UtcDateTime), user.UserId() ?? throw new InvalidOperationException("Signed-in user without id."), ct), text);

    private static Actor Admin(ClaimsPrincipal user) => Actor.Administrator(user.UserId() ?? throw new InvalidOperationException("Signed-in user without id."));

    private static Results<Ok<ChangedBody>, ValidationProblem, ProblemHttpResult> ToResult(Outcome<RequestChanged> outcome, IStringLocalizer<ErrorText> text) =>
        outcome.FieldErrors is { } errors ? text.Validation(errors)
        : outcome.Error is { } error ? text.Problem(error)
        : TypedResults.Ok(new ChangedBody(outcome.Value!.Id, ApiJson.Code(outcome.Value.Status)));
}
