using GraphQL;

namespace TimeBank.GraphQL.Limits;

/// <summary>Cuts the errors of a result to <c>MaxErrors</c>, ending with one <see cref="TooManyErrorsError"/> when any were left out.</summary>
internal static class ErrorLimit
{
    public static ExecutionResult Apply(ExecutionResult result, int maxErrors)
    {
        if (result.Errors is not { Count: > 0 } errors)
        {
            return result;
        }
        if (errors.OfType<TooManyErrorsError>().FirstOrDefault(e => e.Kept.Count > 0) is { } stopped)
        {
            result.Errors = [.. stopped.Kept, stopped];
        }
        else if (errors.Count > maxErrors)
        {
            result.Errors = [.. errors.Take(maxErrors), new TooManyErrorsError(errors.Count - maxErrors)];
        }
        return result;
    }
}
