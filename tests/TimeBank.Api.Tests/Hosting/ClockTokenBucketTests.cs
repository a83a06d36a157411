using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>The bucket behind the mutation rate limits, on a fake clock: 4 permits a minute, one every 15 s.</summary>
public sealed class ClockTokenBucketTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AFullBucketAllowsABurstThenSaysWhenToRetry()
    {
        using var bucket = new ClockTokenBucket(4, TimeSpan.FromMinutes(1), _clock);

        var burst = Enumerable.Range(0, 4).Select(_ => bucket.AttemptAcquire().IsAcquired).ToArray();
        using var refused = bucket.AttemptAcquire();

        Assert.All(burst, Assert.True);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(15), retryAfter);
    }

    [Fact]
    public void OnePermitComesBackEachInterval()
    {
        using var bucket = new ClockTokenBucket(4, TimeSpan.FromMinutes(1), _clock);
        for (var i = 0; i < 4; i++)
        {
            bucket.AttemptAcquire().Dispose();
        }

        _clock.Advance(TimeSpan.FromSeconds(14));
        var early = bucket.AttemptAcquire().IsAcquired;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = bucket.AttemptAcquire().IsAcquired;
        var again = bucket.AttemptAcquire().IsAcquired;

        Assert.False(early);
        Assert.True(onTime);
        Assert.False(again);
    }

    [Fact]
    public void ABucketIsIdleOnlyOnceFullAgain()
    {
        using var bucket = new ClockTokenBucket(4, TimeSpan.FromMinutes(1), _clock);
        bucket.AttemptAcquire().Dispose();
        bucket.AttemptAcquire().Dispose();

        var refilling = bucket.IdleDuration;
        _clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Null(refilling);
        Assert.Equal(TimeSpan.FromSeconds(10), bucket.IdleDuration);
        Assert.Equal(4, bucket.GetStatistics()?.CurrentAvailablePermits);
    }

    [Fact]
    public void MorePermitsThanTheCapacityAreNeverGranted()
    {
        using var bucket = new ClockTokenBucket(4, TimeSpan.FromMinutes(1), _clock);

        using var lease = bucket.AttemptAcquire(5);

        Assert.False(lease.IsAcquired);
        Assert.False(lease.TryGetMetadata(MetadataName.RetryAfter, out _));
        Assert.True(bucket.AttemptAcquire(4).IsAcquired);
    }
}
