using System.Threading.RateLimiting;
using GraphQLParser.AST;
using TimeBank.GraphQL.Admission;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Admits queries and subscriptions at once and hands mutations to the limiter it wraps. A partitioned limiter takes a
/// lock on every request to find the partition, even the no-limit one that every query lands in; under load that lock
/// is contended by every read, which gains nothing from it.
/// </summary>
internal sealed class MutationsOnlyLimiter(PartitionedRateLimiter<GraphQLOperation> mutations) : PartitionedRateLimiter<GraphQLOperation>
{
    public override RateLimiterStatistics? GetStatistics(GraphQLOperation resource) =>
        resource.Type == OperationType.Mutation ? mutations.GetStatistics(resource) : null;

    protected override RateLimitLease AttemptAcquireCore(GraphQLOperation resource, int permitCount) =>
        resource.Type == OperationType.Mutation ? mutations.AttemptAcquire(resource, permitCount) : Admitted.Lease;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(GraphQLOperation resource, int permitCount, CancellationToken cancellationToken) =>
        resource.Type == OperationType.Mutation ? mutations.AcquireAsync(resource, permitCount, cancellationToken) : new(Admitted.Lease);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            mutations.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await mutations.DisposeAsync();
        await base.DisposeAsyncCore();
    }

    /// <summary>A lease that was granted and holds nothing, so one serves every request.</summary>
    private sealed class Admitted : RateLimitLease
    {
        public static readonly Admitted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
