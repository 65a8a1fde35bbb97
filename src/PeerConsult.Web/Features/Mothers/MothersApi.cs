using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Mothers;

public static class MothersApi
{
    public sealed record DecisionBody(DateTimeOffset At, string From, string To, string Rule, string DecidedBy, string? Reason, IReadOnlyDictionary<string, string?> Evidence, IReadOnlyDictionary<string, string> Policy);

    public sealed record RequestLineBody(Guid Id, string Number, string Status, DateTimeOffset SubmittedAt, string? ClosedReason);

    public sealed record ViolationBody(Guid Id, Guid MeetingId, string Kind, DateTimeOffset OccurredAt, bool Active, DateTimeOffset? WaivedAt, string? WaiveReason);

    public sealed record MeetingLineBody(Guid Id, Guid RequestId, Guid ConsultantId, DateTimeOffset Start, DateTimeOffset End, string Status, string? CancelledBy, bool? CancelledInTime);

    /// <summary><see cref="NextBookableDate"/> is a date in the Center's time zone (R3.2), "yyyy-MM-dd", or null when nothing limits her.</summary>
    public sealed record MotherBody(
        Guid Id,
        string Name,
        string Phone,
        string? Email,
        string TimeZone,
        string Messenger,
        string Eligibility,
        int ActiveViolationsInWindow,
        IReadOnlyList<ViolationBody> Violations,
        IReadOnlyList<DecisionBody> Decisions,
        IReadOnlyList<RequestLineBody> Requests,
        string? NextBookableDate,
        IReadOnlyList<MeetingLineBody> Meetings);

    public sealed record WaiveBody(string? Reason);

    public sealed record WaivedBody(Guid Id);

    public sealed record ReinstateBody(string? Reason);

    public sealed record EligibilityBody(Guid Id, string Eligibility);

    public static RouteGroupBuilder MapMothersApi(this RouteGroupBuilder api)
    {
        var mothers = api.MapGroup("/mothers").RequireAuthorization(Policies.Administrator).WithTags("Mothers");
        mothers.MapGet("/{id:guid}", GetAsync).WithName("GetMother");
        mothers.MapPost("/{id:guid}/reinstatement", ReinstateAsync).WithName("ReinstateMother");
        mothers.MapPost("/{id:guid}/violations/{violationId:guid}/waiver", WaiveAsync).WithName("WaiveViolation");
        return api;
    }

    private static async Task<Results<Ok<MotherBody>, ProblemHttpResult>> GetAsync(Guid id, MotherProfileHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var m = await handler.GetAsync(id, ct);
        if (m is null)
        {
            return text.Problem(DomainError.Of(ErrorCodes.MotherNotFound));
        }

        return TypedResults.Ok(new MotherBody(
            m.Id,
            m.Name,
            m.Phone,
            m.Email,
            m.TimeZone,
            ApiJson.Code(m.Messenger),
            m.Eligibility.ToString(),
            m.ActiveViolationsInWindow,
            [.. m.Violations.Select(v => new ViolationBody(v.Id, v.MeetingId, v.Kind.ToString(), ApiJson.Instant(v.OccurredAt), v.Active, ApiJson.Instant(v.WaivedAt), v.WaiveReason))],
            [.. m.Decisions.Select(d => new DecisionBody(ApiJson.Instant(d.At), d.From.ToString(), d.To.ToString(), d.Rule, d.DecidedByRole, d.Reason, d.Evidence, d.Policy))],
            [.. m.Requests.Select(r => new RequestLineBody(r.Id, r.Number, ApiJson.Code(r.Status), ApiJson.Instant(r.SubmittedAt), r.ClosedReason is { } c ? ApiJson.Code(c) : null))],
            m.NextBookableDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [.. m.Meetings.Select(x => new MeetingLineBody(
                x.Id, x.RequestId, x.ConsultantId, ApiJson.Instant(x.Start), ApiJson.Instant(x.End), MeetingsApi.Code(x.Status), x.CancelledBy is { } by ? MeetingsApi.Code(by) : null, x.CancelledInTime))]));
    }

    private static async Task<Results<Ok<WaivedBody>, ValidationProblem, ProblemHttpResult>> WaiveAsync(
        Guid id, Guid violationId, WaiveBody body, ClaimsPrincipal user, MotherProfileHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.WaiveAsync(id, violationId, body.Reason, Actor.Administrator(user.UserId()!.Value), ct);
        return outcome.FieldErrors is { } errors ? text.Validation(errors)
            : outcome.Error is { } error ? text.Problem(error)
            : TypedResults.Ok(new WaivedBody(outcome.Value));
    }

    private static async Task<Results<Ok<EligibilityBody>, ValidationProblem, ProblemHttpResult>> ReinstateAsync(
        Guid id, ReinstateBody body, ClaimsPrincipal user, MotherProfileHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.ReinstateAsync(id, body.Reason, Actor.Administrator(user.UserId()!.Value), ct);
        return outcome.FieldErrors is { } errors ? text.Validation(errors)
            : outcome.Error is { } error ? text.Problem(error)
            : TypedResults.Ok(new EligibilityBody(id, outcome.Value.ToString()));
    }
}
