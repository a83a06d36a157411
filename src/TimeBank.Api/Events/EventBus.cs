using System.Collections.Concurrent;
using System.Globalization;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Events;

/// <summary>
/// The in-process bus: the outbox dispatcher publishes committed events, subscriptions observe them by topic.
/// An event is read into its topic's payload type once, when published, and only if someone observes the
/// topic; its subscribers' filters and resolvers all get that one object. Publishing never blocks on a
/// subscriber; each subscription's own delivery (the WebSocket's bounded queue) absorbs a slow client.
/// </summary>
public sealed class EventBus
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new();

    public int SubscriberCount => _topics.Values.Sum(t => t.Count);

    /// <summary>Events of <paramref name="topic"/> that <paramref name="userId"/> may receive and <paramref name="filter"/> accepts.</summary>
    public IObservable<DomainEvent<T>> Observe<T>(EventTopic<T> topic, long? userId, Func<T, bool>? filter = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(topic);
        var subscribers = _topics.GetOrAdd(topic.Name, _ => new Topic<T>(topic));
        // Two declarations of one name would read one payload as two types.
        return subscribers is Topic<T> typed && ReferenceEquals(typed.Declared, topic)
            ? new Stream<T>(typed, userId, filter)
            : throw new InvalidOperationException($"The topic '{topic.Name}' is declared more than once.");
    }

    /// <summary>
    /// Offers a committed outbox event to the subscribers of its topic, reading its payload first if there are any.
    /// A payload that does not read as its topic's type throws <see cref="System.Text.Json.JsonException"/>.
    /// </summary>
    public void Publish(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_topics.TryGetValue(message.Topic, out var topic))
        {
            topic.Publish(message);
        }
    }

    private abstract class Topic
    {
        public abstract int Count { get; }

        public abstract void Publish(OutboxMessage message);

        protected static HashSet<long> AudienceOf(OutboxMessage message) => message.Audience.Length == 0
            ? []
            : message.Audience.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToHashSet();
    }

    private sealed class Topic<T>(EventTopic<T> declared) : Topic where T : class
    {
        private readonly ConcurrentDictionary<Subscription<T>, byte> _subscriptions = new();

        public EventTopic<T> Declared { get; } = declared;

        public override int Count => _subscriptions.Count;

        public void Add(Subscription<T> subscription) => _subscriptions.TryAdd(subscription, 0);

        public void Remove(Subscription<T> subscription) => _subscriptions.TryRemove(subscription, out _);

        public override void Publish(OutboxMessage message)
        {
            if (_subscriptions.IsEmpty)
            {
                return;
            }
            var published = new DomainEvent<T>(message.EventId, AudienceOf(message), Declared.Parse(message.PayloadJson), message.CreatedAt);
            foreach (var subscription in _subscriptions.Keys)
            {
                subscription.Offer(published);
            }
        }
    }

    private sealed class Stream<T>(Topic<T> topic, long? userId, Func<T, bool>? filter) : IObservable<DomainEvent<T>> where T : class
    {
        public IDisposable Subscribe(IObserver<DomainEvent<T>> observer)
        {
            var subscription = new Subscription<T>(topic, userId, filter, observer);
            topic.Add(subscription);
            return subscription;
        }
    }

    private sealed class Subscription<T>(Topic<T> topic, long? userId, Func<T, bool>? filter, IObserver<DomainEvent<T>> observer)
        : IDisposable where T : class
    {
        public void Offer(DomainEvent<T> message)
        {
            if (!message.IsFor(userId))
            {
                return;
            }
            bool accepted;
            try
            {
                accepted = filter?.Invoke(message.Payload) ?? true;
            }
#pragma warning disable CA1031 // A filter's failure ends its own subscription, as an observable's does; the other subscribers still hear the event.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Dispose();
                observer.OnError(ex);
                return;
            }
            if (accepted)
            {
                observer.OnNext(message);
            }
        }

        public void Dispose() => topic.Remove(this);
    }
}
