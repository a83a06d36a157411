using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GraphQL.Execution;
using GraphQL.Validation;

namespace TimeBank.GraphQL.Admission;

/// <summary>
/// Asks the host's <c>PartitionedRateLimiter&lt;GraphQLOperation&gt;</c> whether one request's operation may run. It
/// asks after validation, the first moment the operation's type is known (a document may hold several operations,
/// and <c>operationName</c> picks one), and only for a valid operation: one that would not run costs nothing. A
/// refusal is a <see cref="RateLimitedError"/> and nothing executes. The lease is held until the request is done,
/// so a concurrency limiter works too.
/// </summary>
internal sealed class OperationAdmission(PartitionedRateLimiter<GraphQLOperation> limiter, IPAddress? remoteAddress)
    : DocumentExecutionListenerBase, IDisposable
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    private RateLimitLease? _lease;

    public override Task AfterValidationAsync(IExecutionContext context, IValidationResult validationResult)
    {
        if (!validationResult.IsValid)
        {
            return Task.CompletedTask;
        }
        var lease = limiter.AttemptAcquire(new GraphQLOperation(context.Operation.Operation, context.User ?? Anonymous, remoteAddress));
        if (lease.IsAcquired)
        {
            _lease = lease;
            return Task.CompletedTask;
        }
        var refused = Refused(lease);
        lease.Dispose();
        // An error in the context, with a valid document, is answered as a request that did not execute.
        context.Errors.Add(refused);
        return Task.CompletedTask;
    }

    public void Dispose() => _lease?.Dispose();

    /// <summary>The error for a lease the limiter refused, with when to try again if it said.</summary>
    public static RateLimitedError Refused(RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new RateLimitedError(lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null);
    }
}
