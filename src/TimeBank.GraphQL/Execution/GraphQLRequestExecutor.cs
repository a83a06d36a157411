using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Admission;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
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
/// GraphQL.NET's <see cref="IDocumentExecuter{TSchema}"/>, whose pipeline (document bounds, document cache,
/// error handling) is configured through <c>AddGraphQL</c>, with the transport's validation rules (complexity
/// included) from <see cref="ValidationRuleSets"/>.
/// Validation runs behind <see cref="ValidationGuard"/>, under the timeout and the caller's token, and
/// the result carries at most <c>MaxErrors</c> errors. When the host registered a
/// <c>PartitionedRateLimiter&lt;GraphQLOperation&gt;</c>, each valid operation asks it first (<see cref="OperationAdmission"/>).
/// </summary>
internal sealed class GraphQLRequestExecutor<TSchema>
    where TSchema : ISchema
{
    private readonly IDocumentExecuter<TSchema> _executer;
    private readonly PersistedDocumentResolver _persisted;
    private readonly ValidationRuleSets _rules;
    private readonly TimeSpan _timeout;
    private readonly int _maxErrors;
    private readonly PartitionedRateLimiter<GraphQLOperation>? _limiter;

    public GraphQLRequestExecutor(
        IDocumentExecuter<TSchema> executer, PersistedDocumentResolver persisted, ValidationRuleSets rules, IOptions<GraphQLServerOptions> options,
        PartitionedRateLimiter<GraphQLOperation>? limiter = null)
    {
        (_executer, _persisted, _rules, _limiter) = (executer, persisted, rules, limiter);
        _timeout = options.Value.ExecutionTimeout;
        _maxErrors = options.Value.MaxErrors;
    }

    /// <summary>At most this many errors come in a result (and in each event of a subscription).</summary>
    public int MaxErrors => _maxErrors;

    /// <summary>
    /// Asks the rate limiter, as a valid query about to run would (<see cref="OperationAdmission"/>), for a query answered
    /// without running it (a reused answer); null when no limiter is registered. The caller disposes the lease when done.
    /// </summary>
    public RateLimitLease? AdmitQuery(ClaimsPrincipal user, IPAddress? remoteAddress) =>
        _limiter?.AttemptAcquire(new GraphQLOperation(GraphQLParser.AST.OperationType.Query, user, remoteAddress));

    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request, TransportKind transport, ClaimsPrincipal user, IPAddress? remoteAddress, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var (query, error) = await _persisted.ResolveAsync(request, cancellationToken);
        if (error is not null)
        {
            return new ExecutionResult(error);
        }

        using var admission = _limiter is null ? null : new OperationAdmission(_limiter, remoteAddress);
        var options = new ExecutionOptions
        {
            Query = query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = user,
            RequestServices = services,
            CancellationToken = cancellationToken,
            ValidationRules = _rules.For(transport),
            // Bounds executing a query or mutation, and setting up a subscription; the stream itself
            // lives on (GraphQL.NET's timeout covers ExecuteAsync only; a test holds it to that).
            Timeout = _timeout,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
        };
        if (services.GetService<DataLoaderContext>() is { } loaders)
        {
            options.UserContext[DataLoaderExtensions.UserContextKey] = loaders;
        }
        if (admission is not null)
        {
            options.Listeners.Add(admission);
        }
        var result = await _executer.ExecuteAsync(options);
        return ErrorLimit.Apply(result, _maxErrors);
    }
}
