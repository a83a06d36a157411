using GraphQL;
using GraphQL.Types;

namespace TimeBank.Api.Features.Clock;

/// <summary>
/// <c>serverTime(everySeconds)</c>: the server's UTC clock, pushed every N seconds, so front ends can
/// correct their own clock's skew in countdowns (auto-acknowledge deadlines, challenge deadlines).
/// </summary>
public static class ServerTimeSubscription
{
    public const int MinSeconds = 1;
    public const int MaxSeconds = 60;

    public static ObjectGraphType AddClockSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<DateTimeGraphType>, DateTime>("serverTime")
            .Description("The server's current UTC time, first at once and then every `everySeconds` seconds.")
            .Argument<NonNullGraphType<IntGraphType>>("everySeconds", argument =>
            {
                argument.Description = $"Seconds between two events, {MinSeconds} to {MaxSeconds}.";
                argument.DefaultValue = 1;
                argument.Validator = value =>
                {
                    if (value is int seconds && seconds is < MinSeconds or > MaxSeconds)
                    {
                        throw new ArgumentOutOfRangeException(nameof(value), $"everySeconds must be between {MinSeconds} and {MaxSeconds}.");
                    }
                };
            })
            .ResolveStream(context => new ClockStream(
                context.RequestServices!.GetRequiredService<TimeProvider>(),
                TimeSpan.FromSeconds(context.GetArgument<int>("everySeconds"))));
        return subscription;
    }

    /// <summary>Ticks of a <see cref="TimeProvider"/> timer as an observable; each subscriber gets its own timer.</summary>
    private sealed class ClockStream(TimeProvider time, TimeSpan period) : IObservable<DateTime>
    {
        public IDisposable Subscribe(IObserver<DateTime> observer)
        {
            var gate = new Lock();
            return time.CreateTimer(
                _ =>
                {
                    // Timer callbacks may overlap; an observer must see one event at a time.
                    lock (gate)
                    {
                        observer.OnNext(time.GetUtcNow().UtcDateTime);
                    }
                },
                null, TimeSpan.Zero, period);
        }
    }
}
