using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Persisted;

namespace TimeBank.GraphQL.Execution;

/// <summary>What a transport lets a request do.</summary>
internal enum TransportKind
{
    /// <summary>HTTP GET: queries only.</summary>
    HttpGet,

    /// <summary>HTTP POST: queries and mutations.</summary>
    HttpPost,

    /// <summary>WebSocket: every operation type.</summary>
    WebSocket,
}

/// <summary>
/// The one way both transports execute a request: resolve persisted documents, then hand the request to
/// GraphQL.NET's <see cref="IDocumentExecuter{TSchema}"/>, whose pipeline (validation rules, document
/// cache, complexity analyzer, error handling) is configured through <c>AddGraphQL</c>.
/// </summary>
internal sealed class GraphQLRequestExecutor<TSchema>(
    IDocumentExecuter<TSchema> executer,
    PersistedDocumentResolver persisted,
    IOptions<GraphQLServerOptions> options)
    where TSchema : ISchema
{
    private static readonly IValidationRule[] GetRules = [.. DocumentValidator.CoreRules, OperationTypeRule.QueriesOnly];
    private static readonly IValidationRule[] PostRules = [.. DocumentValidator.CoreRules, OperationTypeRule.QueriesAndMutations];

    private readonly TimeSpan _timeout = options.Value.ExecutionTimeout;

    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request, TransportKind transport, ClaimsPrincipal user, IServiceProvider services, CancellationToken cancellationToken)
    {
        var (query, error) = await persisted.ResolveAsync(request, cancellationToken);
        if (error is not null)
        {
            return new ExecutionResult(error);
        }

        return await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = user,
            RequestServices = services,
            CancellationToken = cancellationToken,
            ValidationRules = transport switch
            {
                TransportKind.HttpGet => GetRules,
                TransportKind.HttpPost => PostRules,
                _ => null,
            },
            // Bounds executing a query or mutation, and setting up a subscription; the stream itself
            // lives on (GraphQL.NET's timeout covers ExecuteAsync only; a test holds it to that).
            Timeout = _timeout,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
        });
    }
}
