using System.Text.Json;

namespace TimeBank.Api.Events;

/// <summary>
/// A kind of event: the topic name the outbox stores and subscribers ask for, and the payload type every event of
/// it carries. Each topic is declared once, as a static field beside its payload, and both the writer and the
/// subscriptions name that field, so a payload is always written and read as the same type.
/// </summary>
public sealed class EventTopic<T>(string name) where T : class
{
    public string Name { get; } = name;

    internal T Parse(string json) => JsonSerializer.Deserialize<T>(json, OutboxWriter.Json) ?? throw new JsonException($"a {Name} event without a payload");

    public override string ToString() => Name;
}
