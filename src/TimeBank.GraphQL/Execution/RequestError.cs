using GraphQL;

namespace TimeBank.GraphQL.Execution;

/// <summary>An error found before execution, by the transport rather than by GraphQL validation.</summary>
public sealed class RequestError : ExecutionError
{
    public RequestError(string code, string message) : base(message)
    {
        Code = code;
    }
}
