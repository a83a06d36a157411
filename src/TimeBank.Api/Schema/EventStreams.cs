using GraphQL;
using TimeBank.Api.Events;

namespace TimeBank.Api.Schema;

/// <summary>
/// The stream behind an event subscription: committed outbox events of one topic that name the caller
/// in their audience. Each event is the source of the subscription field's resolver, which turns it
/// into the objects the client selected (usually by loading them fresh, so it sees what committed).
/// </summary>
public static class EventStreams
{
    /// <summary>Events of <paramref name="topic"/> for the calling user; anonymous callers are refused.</summary>
    public static IObservable<DomainEvent<T>> CallerEvents<T>(this IResolveFieldContext context, EventTopic<T> topic, Func<T, bool>? filter = null)
        where T : class
    {
        var userId = context.SignedInUserId("Log in (connection_init payload) to subscribe.");
        return context.Service<EventBus>().Observe(topic, userId, filter);
    }

    /// <summary>The payload of the event a subscription field resolves, as its stream published it.</summary>
    public static T Event<T>(this IResolveFieldContext context) => ((DomainEvent<T>)context.Source!).Payload;
}
