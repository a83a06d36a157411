using System.Threading.RateLimiting;
using GraphQL;
using Microsoft.Extensions.Caching.Memory;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// What slows a guesser down without letting anyone lock anyone else out. Per client address: at most
/// <see cref="AuthOptions.LoginAttemptsPerMinute"/> logins and registrations a minute, so guessing across many accounts
/// or probing which emails are taken is slow. Per (address, email) pair: <see cref="AuthOptions.LockoutThreshold"/>
/// failed logins within <see cref="AuthOptions.LockoutDuration"/> lock that pair for that long; the owner of the email,
/// signing in from anywhere else, is not affected. The pair is counted whether or not the email has an account, so the
/// lockout says nothing about which emails exist. Addresses are counted as <see cref="ClientNetwork"/> says.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    // Enough for every pair a busy deployment sees within a lockout window; beyond it the least used are forgotten.
    private const int MaximumTrackedPairs = 100_000;

    private readonly AuthOptions _options;
    private readonly TimeProvider _clock;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = MaximumTrackedPairs });

    public LoginThrottle(AuthOptions options, TimeProvider clock)
    {
        (_options, _clock) = (options, clock);
        _limiter = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.LoginAttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    /// <summary>The address a request came from, as the throttle counts it.</summary>
    public static string ClientAddress(IResolveFieldContext context) =>
        context.RequestServices?.GetService<IHttpContextAccessor>()?.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>True when this attempt (a login or a registration) may go ahead.</summary>
    public bool TryAcquire(string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(ClientNetwork.Of(clientAddress));
        return lease.IsAcquired;
    }

    /// <summary>Until when this address may not try this email again; null when it may.</summary>
    public DateTime? LockedOutUntil(string clientAddress, string email)
    {
        if (!_failures.TryGetValue(Key(clientAddress, email), out PairFailures? failures) || failures is null)
        {
            return null;
        }
        lock (failures)
        {
            return failures.LockedUntil > _clock.GetUtcNow().UtcDateTime ? failures.LockedUntil : null;
        }
    }

    public void RecordFailure(string clientAddress, string email)
    {
        var failures = _failures.GetOrCreate(Key(clientAddress, email), entry =>
        {
            entry.Size = 1;
            // Every failure touches the entry, and a lockout ends at most one duration after the last failure.
            entry.SlidingExpiration = _options.LockoutDuration * 2;
            return new PairFailures();
        })!;
        var now = _clock.GetUtcNow().UtcDateTime;
        lock (failures)
        {
            if (failures.WindowEndsAt <= now)
            {
                failures.Count = 0;
                failures.WindowEndsAt = now + _options.LockoutDuration;
            }
            if (++failures.Count >= _options.LockoutThreshold)
            {
                failures.LockedUntil = now + _options.LockoutDuration;
                failures.Count = 0;
            }
        }
    }

    public void RecordSuccess(string clientAddress, string email) => _failures.Remove(Key(clientAddress, email));

    public void Dispose()
    {
        _limiter.Dispose();
        _failures.Dispose();
    }

    private static string Key(string clientAddress, string email) => ClientNetwork.Of(clientAddress) + "\n" + email;

    private sealed class PairFailures
    {
        public int Count { get; set; }

        public DateTime WindowEndsAt { get; set; }

        public DateTime? LockedUntil { get; set; }
    }
}
