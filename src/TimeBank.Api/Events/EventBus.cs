using System.Collections.Concurrent;

namespace TimeBank.Api.Events;

/// <summary>
/// The in-process bus: the outbox dispatcher publishes committed events, subscriptions observe them.
/// Publishing never blocks on a subscriber; each subscription's own delivery (the WebSocket's bounded
/// queue) absorbs a slow client.
/// </summary>
public sealed class EventBus
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public int SubscriberCount => _subscriptions.Count;

    /// <summary>Events of <paramref name="topic"/> that <paramref name="userId"/> may receive and <paramref name="filter"/> accepts.</summary>
    public IObservable<DomainEvent> Observe(string topic, long? userId, Func<DomainEvent, bool>? filter = null) =>
        new Stream(this, topic, userId, filter);

    public void Publish(DomainEvent message)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            subscription.Offer(message);
        }
    }

    private sealed class Stream(EventBus bus, string topic, long? userId, Func<DomainEvent, bool>? filter) : IObservable<DomainEvent>
    {
        public IDisposable Subscribe(IObserver<DomainEvent> observer)
        {
            var subscription = new Subscription(bus, topic, userId, filter, observer);
            bus._subscriptions.TryAdd(subscription, 0);
            return subscription;
        }
    }

    private sealed class Subscription(
        EventBus bus, string topic, long? userId, Func<DomainEvent, bool>? filter, IObserver<DomainEvent> observer) : IDisposable
    {
        public void Offer(DomainEvent message)
        {
            if (message.Topic == topic && message.IsFor(userId) && (filter?.Invoke(message) ?? true))
            {
                observer.OnNext(message);
            }
        }

        public void Dispose() => bus._subscriptions.TryRemove(this, out _);
    }
}
