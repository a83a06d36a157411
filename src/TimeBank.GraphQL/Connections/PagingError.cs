using GraphQL;

namespace TimeBank.GraphQL.Connections;

/// <summary>A page request the server refuses: too big, contradictory, or with a cursor it did not issue.</summary>
public sealed class PagingError : ExecutionError
{
    public const string PageSizeExceeded = "PAGE_SIZE_EXCEEDED";
    public const string InvalidCursor = "INVALID_CURSOR";
    public const string InvalidPagination = "INVALID_PAGINATION";

    public PagingError(string code, string message) : base(message)
    {
        Code = code;
    }
}
