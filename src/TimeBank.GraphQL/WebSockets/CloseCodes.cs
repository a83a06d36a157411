using System.Net.WebSockets;

namespace TimeBank.GraphQL.WebSockets;

/// <summary>The close codes of graphql-transport-ws, and the standard ones this server also uses.</summary>
internal static class CloseCodes
{
    public const string SubProtocol = "graphql-transport-ws";

    public static readonly WebSocketCloseStatus BadRequest = (WebSocketCloseStatus)4400;
    public static readonly WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;
    public static readonly WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
    public static readonly WebSocketCloseStatus SubprotocolNotAcceptable = (WebSocketCloseStatus)4406;
    public static readonly WebSocketCloseStatus InitTimeout = (WebSocketCloseStatus)4408;
    public static readonly WebSocketCloseStatus SubscriberExists = (WebSocketCloseStatus)4409;
    public static readonly WebSocketCloseStatus TooManyInitRequests = (WebSocketCloseStatus)4429;
    public static readonly WebSocketCloseStatus InternalServerError = (WebSocketCloseStatus)4500;

    /// <summary>The client reads slower than its messages arrive and the outgoing queue is full.</summary>
    public const WebSocketCloseStatus SlowConsumer = WebSocketCloseStatus.PolicyViolation;

    /// <summary>The server is shutting down; the client may connect again (to another instance).</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>A client message larger than the limit.</summary>
    public const WebSocketCloseStatus MessageTooBig = WebSocketCloseStatus.MessageTooBig;
}
