using System.Text.Json;

namespace TimeBank.Api.Events;

/// <summary>An event as subscribers receive it: its id (the same on redelivery), topic, audience and data.</summary>
public sealed record DomainEvent(Guid EventId, string Topic, IReadOnlySet<long> Audience, JsonElement Payload, DateTime CreatedAt)
{
    /// <summary>Whether this user may receive it: everyone for an open audience, else only those named.</summary>
    public bool IsFor(long? userId) => Audience.Count == 0 || (userId is { } id && Audience.Contains(id));

    public T PayloadAs<T>() => Payload.Deserialize<T>(Outbox.Json) ?? throw new JsonException($"event {EventId} has no payload");
}
