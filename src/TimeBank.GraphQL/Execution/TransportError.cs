using GraphQL;

namespace TimeBank.GraphQL.Execution;

/// <summary>An error found before execution, by the transport rather than by GraphQL validation.</summary>
public sealed class TransportError : ExecutionError
{
    public TransportError(string code, string message) : base(message)
    {
        Code = code;
    }
}
