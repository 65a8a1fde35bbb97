namespace PeerConsult.Domain.Common;

/// <summary>
/// An expected rule failure: a stable machine code (used by the API and to look up the
/// localized message) and optional arguments for that message. Bugs are exceptions, not errors.
/// </summary>
public sealed record DomainError(string Code, IReadOnlyDictionary<string, string>? Args = null)
{
    public static DomainError Of(string code, params (string Key, string Value)[] args) =>
        new(code, args.Length == 0 ? null : args.ToDictionary(a => a.Key, a => a.Value));

    public string? Arg(string key) => Args is not null && Args.TryGetValue(key, out var value) ? value : null;
}

public readonly record struct Result
{
    private Result(DomainError? error) => Error = error;

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Ok() => new(null);

    public static Result Fail(DomainError error) => new(error);

    public static implicit operator Result(DomainError error) => Fail(error);
}

public readonly record struct Result<T>
{
    private Result(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(DomainError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(DomainError error) => Fail(error);
}
