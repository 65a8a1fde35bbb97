using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Features.Meetings;

public static class MeetingsApi
{
    public sealed record WindowBody(string Day, string Start, string End);

    public sealed record ExceptionBody(string Date, string? Start, string? End);

    public sealed record AvailabilityBody(string TimeZone, IReadOnlyList<WindowBody> Weekly, IReadOnlyList<ExceptionBody> Exceptions);

    public sealed record SlotBody(DateTimeOffset Start, DateTimeOffset End);

    public sealed record BookBody(Guid RequestId, DateTimeOffset Start);

    public sealed record RescheduleBody(DateTimeOffset Start, DateTimeOffset? RequestedAt, string? Initiator, string? Reason);

    public sealed record CancelBody(string? Reason, DateTimeOffset? RequestedAt, string? Initiator);

    public sealed record OutcomeBody(string? Outcome);

    public sealed record MeetingCreatedBody(Guid Id, DateTimeOffset Start, DateTimeOffset End);

    public sealed record MeetingStateBody(Guid Id, DateTimeOffset Start, DateTimeOffset End, string Status);

    public sealed record ChangeBody(string Kind, DateTimeOffset FromStart, DateTimeOffset? ToStart, string By, DateTimeOffset RequestedAt, bool InTime, string? Reason, DateTimeOffset RecordedAt);

    public sealed record MeetingBody(
        Guid Id,
        Guid RequestId,
        Guid MotherId,
        Guid ConsultantId,
        DateTimeOffset Start,
        DateTimeOffset End,
        string Status,
        string? CancelledBy,
        bool? CancelledInTime,
        IReadOnlyList<ChangeBody> Changes);

    private static readonly Dictionary<string, Initiator> Initiators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mother"] = Initiator.Mother,
        ["consultant"] = Initiator.Consultant,
        ["center"] = Initiator.Center,
    };

    private static readonly Dictionary<string, MeetingOutcome> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["held"] = MeetingOutcome.Held,
        ["mother-no-show"] = MeetingOutcome.MotherNoShow,
        ["refused-video-off"] = MeetingOutcome.RefusedVideoOff,
        ["consultant-cancelled"] = MeetingOutcome.ConsultantCancelled,
        ["technical-failure"] = MeetingOutcome.TechnicalFailure,
    };

    /// <summary>A consultant's hours (administrator or the consultant herself) and her free slots (anyone signed in).</summary>
    public static RouteGroupBuilder MapAvailabilityApi(this RouteGroupBuilder api)
    {
        var consultants = api.MapGroup("/consultants/{id:guid}").RequireAuthorization().WithTags("Availability");
        consultants.MapGet("/availability", GetAvailabilityAsync).WithName("GetAvailability");
        consultants.MapPut("/availability", PutAvailabilityAsync).WithName("PutAvailability");
        consultants.MapGet("/slots", SlotsAsync).WithName("ListSlots");
        return api;
    }

    /// <summary>
    /// Booking (administrator on her behalf, or the mother on her own request), changes (the mother, an administrator,
    /// the meeting's consultant) and outcomes (the meeting's consultant or an administrator).
    /// </summary>
    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        var meetings = api.MapGroup("/meetings").RequireAuthorization().WithTags("Meetings");
        meetings.MapPost("/", BookAsync).RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.Mother)).WithName("BookMeeting");
        meetings.MapGet("/{id:guid}", GetAsync).WithName("GetMeeting");
        meetings.MapPost("/{id:guid}/reschedule", RescheduleAsync).WithName("RescheduleMeeting");
        meetings.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelMeeting");
        meetings.MapPost("/{id:guid}/outcome", OutcomeAsync).RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.Consultant)).WithName("RecordMeetingOutcome");
        return api;
    }

    public static string Code(MeetingStatus status) => status switch
    {
        MeetingStatus.Scheduled => "scheduled",
        MeetingStatus.Held => "held",
        MeetingStatus.MotherNoShow => "mother-no-show",
        MeetingStatus.RefusedVideoOff => "refused-video-off",
        MeetingStatus.ConsultantCancelled => "consultant-cancelled",
        MeetingStatus.TechnicalFailure => "technical-failure",
        MeetingStatus.Cancelled => "cancelled",
    };

    public static string Code(Initiator initiator) => Initiators.First(i => i.Value == initiator).Key;

    private static async Task<Results<Ok<AvailabilityBody>, ProblemHttpResult>> GetAvailabilityAsync(
        Guid id, ClaimsPrincipal user, AvailabilityHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.GetAsync(id, Caller.From(user), ct);
        return outcome.Error is { } error ? text.Problem(error) : TypedResults.Ok(ToBody(outcome.Value!));
    }

    private static async Task<Results<Ok<AvailabilityBody>, ProblemHttpResult>> PutAvailabilityAsync(
        Guid id, AvailabilityInput body, ClaimsPrincipal user, AvailabilityHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.PutAsync(id, body, Caller.From(user), ct);
        return outcome.Error is { } error ? text.Problem(error) : TypedResults.Ok(ToBody(outcome.Value!));
    }

    /// <summary>
    /// Everyone but a mother gets a slice of the consultant's cached JSON (ADR 13); a mother's list is filtered by her
    /// weekly rule (R3.2) and serialised as usual. Both are the same list of <see cref="SlotBody"/> on the wire.
    /// </summary>
    private static async Task<Results<Ok<List<SlotBody>>, JsonSlice, ProblemHttpResult>> SlotsAsync(
        Guid id, DateTimeOffset from, DateTimeOffset to, ClaimsPrincipal user, AvailabilityHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.FreeSlotsAsync(id, from.UtcDateTime, to.UtcDateTime, Caller.From(user), null, ct);
        if (outcome.Error is { } error)
        {
            return text.Problem(error);
        }

        var view = outcome.Value!;
        return view.Filtered is { } filtered
            ? TypedResults.Ok(filtered.Select(s => new SlotBody(ApiJson.Instant(s.Start), ApiJson.Instant(s.End))).ToList())
            : new JsonSlice(view.Set.JsonElements(view.First, view.End));
    }

    private static async Task<Results<Created<MeetingCreatedBody>, ValidationProblem, ProblemHttpResult>> BookAsync(
        BookBody body, ClaimsPrincipal user, MeetingActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var outcome = await handler.BookAsync(new BookCommand(body.RequestId, body.Start.UtcDateTime), Caller.From(user), ct);
        if (outcome.FieldErrors is { } errors)
        {
            return text.Validation(errors);
        }

        if (outcome.Error is { } error)
        {
            return text.Problem(error);
        }

        var m = outcome.Value!;
        return TypedResults.Created($"/api/v1/meetings/{m.Id}", new MeetingCreatedBody(m.Id, ApiJson.Instant(m.Start), ApiJson.Instant(m.End)));
    }

    private static async Task<Results<Ok<MeetingBody>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, MeetingActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        var m = await handler.FindAsync(id, Caller.From(user), ct);
        if (m is null)
        {
            return text.Problem(DomainError.Of(ErrorCodes.MeetingNotFound));
        }

        return TypedResults.Ok(new MeetingBody(
            m.Id,
            m.RequestId,
            m.MotherId,
            m.ConsultantId,
            ApiJson.Instant(m.Start),
            ApiJson.Instant(m.End),
            Code(m.Status),
            m.CancelledBy is { } by ? Code(by) : null,
            m.CancelledInTime,
            [.. m.Changes.OrderBy(c => c.RecordedAt).Select(c => new ChangeBody(
                c.IsCancellation ? "cancelled" : "moved",
                ApiJson.Instant(c.FromStart),
                ApiJson.Instant(c.ToStart),
                Code(c.By),
                ApiJson.Instant(c.RequestedAt),
                c.InTime,
                c.Reason,
                ApiJson.Instant(c.RecordedAt)))]));
    }

    private static async Task<Results<Ok<MeetingStateBody>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        Guid id, RescheduleBody body, ClaimsPrincipal user, MeetingActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        if (!TryInitiator(body.Initiator, out var initiator))
        {
            return text.Validation(new Dictionary<string, DomainError> { ["Initiator"] = DomainError.Of(ErrorCodes.InvalidInitiator) });
        }

        var command = new ChangeCommand(id, body.Start.UtcDateTime, initiator, body.RequestedAt?.UtcDateTime, body.Reason);
        return ToResult(await handler.RescheduleAsync(command, Caller.From(user), ct), text);
    }

    private static async Task<Results<Ok<MeetingStateBody>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, CancelBody? body, ClaimsPrincipal user, MeetingActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        if (!TryInitiator(body?.Initiator, out var initiator))
        {
            return text.Validation(new Dictionary<string, DomainError> { ["Initiator"] = DomainError.Of(ErrorCodes.InvalidInitiator) });
        }

        var command = new ChangeCommand(id, null, initiator, body?.RequestedAt?.UtcDateTime, body?.Reason);
        return ToResult(await handler.CancelAsync(command, Caller.From(user), ct), text);
    }

    private static async Task<Results<Ok<MeetingStateBody>, ValidationProblem, ProblemHttpResult>> OutcomeAsync(
        Guid id, OutcomeBody body, ClaimsPrincipal user, MeetingActionsHandler handler, IStringLocalizer<ErrorText> text, CancellationToken ct)
    {
        if (body.Outcome is null || !Outcomes.TryGetValue(body.Outcome, out var outcome))
        {
            return text.Validation(new Dictionary<string, DomainError> { ["Outcome"] = DomainError.Of(ErrorCodes.InvalidOutcome) });
        }

        return ToResult(await handler.RecordOutcomeAsync(id, outcome, Caller.From(user), ct), text);
    }

    /// <summary>Absent means the mother (the usual case: she asked); an unknown word is an error, never a guess.</summary>
    private static bool TryInitiator(string? code, out Initiator initiator)
    {
        initiator = Initiator.Mother;
        return code is null || Initiators.TryGetValue(code, out initiator);
    }

    private static Results<Ok<MeetingStateBody>, ValidationProblem, ProblemHttpResult> ToResult(Outcome<MeetingResult> outcome, IStringLocalizer<ErrorText> text) =>
        outcome.FieldErrors is { } errors ? text.Validation(errors)
        : outcome.Error is { } error ? text.Problem(error)
        : TypedResults.Ok(new MeetingStateBody(outcome.Value!.Id, ApiJson.Instant(outcome.Value.Start), ApiJson.Instant(outcome.Value.End), Code(outcome.Value.Status)));

    private static AvailabilityBody ToBody(Availability a) => new(
        a.TimeZone,
        [.. a.Weekly.Select(w => new WindowBody(w.Day.ToString().ToLowerInvariant(), Hm(w.Start), Hm(w.End)))],
        [.. a.Exceptions.Select(e => new ExceptionBody(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Start is { } s ? Hm(s) : null, e.End is { } en ? Hm(en) : null))]);

    private static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
