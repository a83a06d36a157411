using GraphQL;

namespace TimeBank.Api.Schema;

/// <summary>
/// An expected refusal of a query, argument or subscription, which have no payload to carry it: a top-level error
/// with the <see cref="ErrorCode"/> in <c>extensions.code</c>, spelled as mutations spell it in <c>UserError.code</c>.
/// </summary>
public sealed class QueryError : ExecutionError
{
    public QueryError(ErrorCode code, string message) : base(message)
    {
        Code = MutationRunner.Code(code);
    }

    /// <summary>A use case's failure, answered at the top level.</summary>
    public QueryError(Failure failure) : this(failure.Code, failure.Message)
    {
    }
}
