using GraphQL;
using GraphQL.DI;

namespace TimeBank.GraphQL.Execution;

/// <summary>
/// Gives a request that reaches GraphQL.NET's executer without rules of its own (a caller of
/// <c>IDocumentExecuter</c> other than the transports) the full rules of a transport that carries every operation
/// type, complexity included, so that no way in skips the depth and cost limits. Runs before the options
/// configured by <c>AddValidationRule</c>, which add to these.
/// </summary>
internal sealed class DefaultValidationRules(ValidationRuleSets ruleSets) : IConfigureExecution
{
    public float SortOrder => 50;

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        options.ValidationRules ??= ruleSets.For(TransportKind.WebSocket);
        return next(options);
    }
}
