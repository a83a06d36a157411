using System.Threading.RateLimiting;
using GraphQLParser.AST;
using TimeBank.Api.Features;
using TimeBank.GraphQL.Admission;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Rate limits on mutations, per signed-in user and per client address (<see cref="RateLimitOptions"/>), one
/// <see cref="ClockTokenBucket"/> per user and per address. The GraphQL server asks once it knows the operation's type;
/// a refused mutation does not run and is answered RATE_LIMITED (HTTP 429 with <c>Retry-After</c>). Only mutations are
/// limited: each one writes, and writes queue on the one SQLite file, so a flood of them slows everyone. Queries and
/// subscriptions are bounded per request instead, by the document limits and the complexity budget (and a socket by
/// its operation limit), which is what they cost. <c>login</c> and <c>register</c> also pass the
/// <see cref="Features.Identity.LoginThrottle"/>.
/// </summary>
public static class MutationRateLimits
{
    public static WebApplicationBuilder AddMutationRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        // A bucket refills one mutation per Window / limit, counted in 100 ns ticks, so that must be at least one tick.
        if (options.MutationsPerUser < 0 || options.MutationsPerAddress < 0 || options.Window <= TimeSpan.Zero
            || Math.Max(options.MutationsPerUser, options.MutationsPerAddress) > options.Window.Ticks)
        {
            throw new StartupException(
                $"{RateLimitOptions.Section}: MutationsPerUser and MutationsPerAddress must be 0 (off) or more, and Window longer than zero and than a 100 ns tick per mutation.");
        }
        builder.Services.AddSingleton(provider => Create(options, provider.GetRequiredService<TimeProvider>()));
        return builder;
    }

    public static PartitionedRateLimiter<GraphQLOperation> Create(RateLimitOptions options, TimeProvider clock)
    {
        var perUser = PartitionedRateLimiter.Create<GraphQLOperation, string>(operation =>
            IsLimited(operation, options.MutationsPerUser) && Caller.From(operation.User).UserId is { } userId
                ? RateLimitPartition.Get("user:" + userId, _ => new ClockTokenBucket(options.MutationsPerUser, options.Window, clock))
                : RateLimitPartition.GetNoLimiter(""));
        var perAddress = PartitionedRateLimiter.Create<GraphQLOperation, string>(operation =>
            IsLimited(operation, options.MutationsPerAddress)
                ? RateLimitPartition.Get(ClientNetwork.Of(operation.RemoteAddress), _ => new ClockTokenBucket(options.MutationsPerAddress, options.Window, clock))
                : RateLimitPartition.GetNoLimiter(""));
        // The user's bucket is asked first: a user over its own limit is refused before spending from its address's
        // bucket, which others behind the same address share.
        return new MutationsOnlyLimiter(PartitionedRateLimiter.CreateChained(perUser, perAddress));
    }

    private static bool IsLimited(GraphQLOperation operation, int limit) => limit > 0 && operation.Type == OperationType.Mutation;
}
