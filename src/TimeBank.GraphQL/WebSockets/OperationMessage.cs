using System.Text.Json.Serialization;

namespace TimeBank.GraphQL.WebSockets;

/// <summary>A message the server sends; the payload is serialized by GraphQL.NET's serializer.</summary>
internal sealed record OperationMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonPropertyName("payload"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Payload = null)
{
    public static readonly OperationMessage ConnectionAck = new("connection_ack");
    public static readonly OperationMessage Pong = new("pong");
}
