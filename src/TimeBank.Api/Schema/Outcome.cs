namespace TimeBank.Api.Schema;

/// <summary>
/// What a use case returns: its value, or the expected reason it did not happen (a code, a message
/// for people, and the input field at fault). Unexpected failures are exceptions, not outcomes.
/// </summary>
public readonly record struct Outcome<T>(T? Value, ErrorCode? Code, string? Message, string? Field)
{
    public bool Succeeded => Code is null;

    public static implicit operator Outcome<T>(T value) => new(value, null, null, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure.Code, failure.Message, failure.Field);
}

/// <summary>A failed outcome of any type: <c>return new Failure(ErrorCode.EmailTaken, "…", "email");</c></summary>
public readonly record struct Failure(ErrorCode Code, string Message, string? Field = null);
