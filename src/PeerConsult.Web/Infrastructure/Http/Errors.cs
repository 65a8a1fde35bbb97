using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Localization;

namespace PeerConsult.Web.Infrastructure.Http;

/// <summary>
/// The one place where rule failures become HTTP answers and readable messages (STYLE.md, Edges):
/// ProblemDetails with a stable "code" for the API, a localized sentence for the pages.
/// </summary>
public static class Errors
{
    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.ConsultantNotFound or ErrorCodes.RequestNotFound or ErrorCodes.MotherNotFound or ErrorCodes.ViolationNotFound
            or ErrorCodes.MeetingNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.NotEligible or ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.RequestAlreadyOpen or ErrorCodes.AlreadyAssigned or ErrorCodes.ConsultantAtCapacity
            or ErrorCodes.InvalidStatus or ErrorCodes.Concurrency or ErrorCodes.EmailTaken
            or ErrorCodes.ContactRequired or ErrorCodes.AssignmentRequired or ErrorCodes.AlreadyEligible or ErrorCodes.AlreadyWaived
            or ErrorCodes.WeeklyLimit or ErrorCodes.SlotTaken or ErrorCodes.ChangeCutoff or ErrorCodes.AlreadyStarted or ErrorCodes.BeforeStart => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string Message(this IStringLocalizer<ErrorText> text, DomainError error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(error);
        var template = text[error.Code];
        var message = template.ResourceNotFound ? text["unknown"].Value : template.Value;
        if (error.Args is not null)
        {
            foreach (var (key, value) in error.Args)
            {
                message = message.Replace("{" + key + "}", value, StringComparison.Ordinal);
            }
        }

        return message;
    }

    /// <summary>
    /// The message for a page: instants in the reader's zone (<paramref name="time"/>) and the request's status in words
    /// (<paramref name="status"/>), instead of the invariant values the rule recorded.
    /// </summary>
    public static string Message(this IStringLocalizer<ErrorText> text, DomainError error, Func<DateTime, string> time, Func<RequestStatus, string> status)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(status);
        if (error.Args is null)
        {
            return text.Message(error);
        }

        var args = error.Args.ToDictionary(
            a => a.Key,
            a => a.Key == "requestStatus" && Enum.TryParse<RequestStatus>(a.Value, out var requestStatus) ? status(requestStatus)
                : DateTime.TryParse(a.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) && at.Kind == DateTimeKind.Utc ? time(at)
                : a.Value);
        return text.Message(error with { Args = args });
    }

    public static ProblemHttpResult Problem(this IStringLocalizer<ErrorText> text, DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Args is not null)
        {
            foreach (var (key, value) in error.Args)
            {
                extensions[key] = value;
            }
        }

        return TypedResults.Problem(
            detail: text.Message(error),
            statusCode: StatusFor(error.Code),
            title: error.Code,
            extensions: extensions);
    }

    public static ValidationProblem Validation(this IStringLocalizer<ErrorText> text, IReadOnlyDictionary<string, DomainError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var messages = errors.ToDictionary(e => Camel(e.Key), e => new[] { text.Message(e.Value) });
        var codes = errors.ToDictionary(e => Camel(e.Key), e => (object?)e.Value.Code);

        // A single stable code for the whole answer: the first field's, so clients can switch on one value.
        var extensions = new Dictionary<string, object?> { ["code"] = errors.Values.First().Code, ["codes"] = codes };
        return TypedResults.ValidationProblem(messages, title: "validation", extensions: extensions);
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>What a handler hands to an edge: a value, one rule failure, or field-by-field problems.</summary>
public sealed record Outcome<T>
{
    public T? Value { get; private init; }

    public DomainError? Error { get; private init; }

    public IReadOnlyDictionary<string, DomainError>? FieldErrors { get; private init; }

    public bool IsSuccess => Error is null && FieldErrors is null;

    public static Outcome<T> Ok(T value) => new() { Value = value };

    public static Outcome<T> Fail(DomainError error) => new() { Error = error };

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, DomainError> errors) => new() { FieldErrors = errors };

    public static implicit operator Outcome<T>(DomainError error) => Fail(error);
}
