using TimeBank.Api.Data;
using TimeBank.Api.Events;

namespace TimeBank.Api.Tests.Events;

/// <summary>Topics of the outbox tests' own, whose events carry a number to tell them apart.</summary>
internal static class TestEvents
{
    public static readonly EventTopic<Numbered> Test = new("test");

    public static readonly EventTopic<Numbered> Other = new("other");

    /// <summary>Adds event <paramref name="n"/> of <see cref="Test"/> to the context's next save; returns its id.</summary>
    public static Guid Add(TimeBankDbContext db, int n, IEnumerable<long>? audience = null) =>
        OutboxWriter.For(db, TimeProvider.System).Add(Test, new Numbered(n), audience ?? []);

    /// <summary>Subscribes <paramref name="next"/> to <see cref="Test"/> events for <paramref name="userId"/>.</summary>
    public static IDisposable Observe(EventBus bus, long? userId, Action<DomainEvent<Numbered>> next, Func<Numbered, bool>? filter = null) =>
        bus.Observe(Test, userId, filter).Subscribe(Observer.Of(next));
}

/// <summary>An observer made of two delegates.</summary>
internal static class Observer
{
    public static IObserver<T> Of<T>(Action<T> next, Action<Exception>? error = null) => new Delegating<T>(next, error);

    private sealed class Delegating<T>(Action<T> next, Action<Exception>? error) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception exception) => error?.Invoke(exception);

        public void OnNext(T value) => next(value);
    }
}

public sealed record Numbered(int N);
