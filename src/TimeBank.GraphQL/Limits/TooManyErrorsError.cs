using GraphQL;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// The last error of a response whose other errors were cut at <c>MaxErrors</c>. Thrown by
/// <see cref="ValidationGuard"/> to stop validation, it carries the errors found until then, which
/// GraphQL.NET would otherwise drop; <see cref="ErrorLimit"/> puts them back in front of it.
/// </summary>
public sealed class TooManyErrorsError : ExecutionError
{
    internal TooManyErrorsError(IReadOnlyList<ExecutionError> kept)
        : base($"Validation stopped after {kept.Count} errors; fix these and send the document again.")
    {
        Code = GraphQLErrorCodes.TooManyErrors;
        Kept = kept;
    }

    internal TooManyErrorsError(int dropped)
        : base($"{dropped} more errors were left out.")
    {
        Code = GraphQLErrorCodes.TooManyErrors;
        Kept = [];
    }

    internal IReadOnlyList<ExecutionError> Kept { get; }
}
