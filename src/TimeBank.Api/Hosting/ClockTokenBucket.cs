using System.Threading.RateLimiting;

namespace TimeBank.Api.Hosting;

/// <summary>
/// A token bucket that reads the time from the app's <see cref="TimeProvider"/> instead of running a timer, as the
/// framework's <see cref="TokenBucketRateLimiter"/> does: tests move it with their fake clock, and an idle bucket costs
/// nothing. It holds at most <c>capacity</c> tokens and gains one every <c>window / capacity</c>, so a burst of
/// <c>capacity</c> is allowed, then one per interval. A refused lease says when to retry
/// (<see cref="MetadataName.RetryAfter"/>). It never queues.
/// </summary>
/// <remarks>
/// Kept as a single time rather than a count of tokens (the generic cell rate algorithm): the moment the bucket will be
/// full again. Each permit pushes that moment one interval later, and a request is refused when it would lie more than
/// a window ahead. Whole ticks, so no rounding drifts.
/// </remarks>
public sealed class ClockTokenBucket : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly long _intervalTicks;
    private readonly long _windowTicks;
    private readonly TimeProvider _clock;
    private readonly long _origin;
    private long _fullAtTicks;
    private long _granted;
    private long _refused;

    public ClockTokenBucket(int capacity, TimeSpan window, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromTicks(capacity));
        (_capacity, _clock) = (capacity, clock);
        _intervalTicks = window.Ticks / capacity;
        _windowTicks = _intervalTicks * capacity;
        _origin = clock.GetTimestamp();
    }

    /// <summary>
    /// How long the bucket has been full; null while it refills. A partitioned limiter drops buckets idle for a while,
    /// and only a full one can be dropped without giving anyone more than the limit.
    /// </summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = Now();
                return now >= _fullAtTicks ? TimeSpan.FromTicks(now - _fullAtTicks) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            var now = Now();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (_windowTicks - (Math.Max(_fullAtTicks, now) - now)) / _intervalTicks,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_gate)
        {
            if (permitCount > _capacity)
            {
                // Never possible, so there is no time to wait for.
                _refused++;
                return Lease.Refused(null);
            }
            var now = Now();
            // Asking for 0 permits asks whether one is there, and takes nothing.
            var fullAt = Math.Max(_fullAtTicks, now) + (Math.Max(permitCount, 1) * _intervalTicks);
            var excessTicks = fullAt - now - _windowTicks;
            if (excessTicks > 0)
            {
                _refused++;
                return Lease.Refused(TimeSpan.FromTicks(excessTicks));
            }
            if (permitCount > 0)
            {
                _fullAtTicks = fullAt;
            }
            _granted++;
            return Lease.Granted;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private long Now() => _clock.GetElapsedTime(_origin).Ticks;

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
