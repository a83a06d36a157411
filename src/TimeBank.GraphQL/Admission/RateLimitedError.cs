using System.Globalization;
using GraphQL;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Admission;

/// <summary>
/// The operation was refused by the rate limiter and did not run. HTTP answers it with 429 and <c>Retry-After</c>;
/// <c>extensions.retryAfter</c> carries the same seconds for WebSocket clients, which get no header.
/// </summary>
public sealed class RateLimitedError : ExecutionError
{
    public RateLimitedError(TimeSpan? retryAfter)
        : base(retryAfter is null ? "Too many requests; try again later." : $"Too many requests; try again in {Seconds(retryAfter.Value)} s.")
    {
        Code = GraphQLErrorCodes.RateLimited;
        RetryAfterSeconds = retryAfter is null ? null : Seconds(retryAfter.Value);
        if (RetryAfterSeconds is { } seconds)
        {
            Extensions = new Dictionary<string, object?> { ["retryAfter"] = seconds };
        }
    }

    /// <summary>Whole seconds until a retry may succeed, rounded up (at least 1); null when the limiter did not say.</summary>
    public int? RetryAfterSeconds { get; }

    /// <summary>The value of the <c>Retry-After</c> header, or null.</summary>
    public string? RetryAfterHeader => RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture);

    // Rounded up: a client that waits exactly this long must find room.
    private static int Seconds(TimeSpan retryAfter) => (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, int.MaxValue);
}
