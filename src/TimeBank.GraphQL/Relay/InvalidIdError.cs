using GraphQL;

namespace TimeBank.GraphQL.Relay;

/// <summary>An ID that is malformed or names an object of another type than the argument expects.</summary>
public sealed class InvalidIdError : ExecutionError
{
    /// <summary>The error code in <c>extensions.code</c>.</summary>
    public const string ErrorCode = "INVALID_ID";

    public InvalidIdError(string message) : base(message)
    {
        Code = ErrorCode;
    }
}
