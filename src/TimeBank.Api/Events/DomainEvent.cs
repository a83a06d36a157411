namespace TimeBank.Api.Events;

/// <summary>
/// An event as subscribers receive it: its id (the same on redelivery), audience, payload and time. The payload is
/// read from the outbox once per event and shared by every subscriber's filter and resolver.
/// </summary>
public sealed record DomainEvent<T>(Guid EventId, IReadOnlySet<long> Audience, T Payload, DateTime CreatedAt)
{
    /// <summary>Whether this user may receive it: everyone for an open audience, else only those named.</summary>
    public bool IsFor(long? userId) => Audience.Count == 0 || (userId is { } id && Audience.Contains(id));
}
