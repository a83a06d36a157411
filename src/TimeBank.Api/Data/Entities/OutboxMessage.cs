namespace TimeBank.Api.Data.Entities;

/// <summary>
/// An event waiting to be told: written in the same transaction as the change it reports, published
/// to subscribers only after that transaction commits; <see cref="OutboxMark"/> says how far that has gone.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Stable across redeliveries, so a client can drop a duplicate.</summary>
    public Guid EventId { get; set; }

    /// <summary>What happened, e.g. "matchFound"; subscribers filter on it.</summary>
    public required string Topic { get; set; }

    /// <summary>The event's data as JSON.</summary>
    public required string PayloadJson { get; set; }

    /// <summary>The users who may receive it, comma-separated ids; empty means everyone subscribed to the topic.</summary>
    public string Audience { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
