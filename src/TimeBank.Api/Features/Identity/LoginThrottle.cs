using System.Threading.RateLimiting;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Limits login attempts per client address, so password guessing across many accounts is slow
/// even before any one account reaches its lockout.
/// </summary>
public sealed class LoginThrottle(AuthOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.LoginAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>True when this attempt may go ahead.</summary>
    public bool TryAcquire(string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(clientAddress);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
