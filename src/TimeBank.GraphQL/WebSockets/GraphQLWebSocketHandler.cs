using System.Net.WebSockets;
using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.WebSockets;

/// <summary>Accepts graphql-transport-ws upgrades and runs each connection until it closes.</summary>
internal sealed partial class GraphQLWebSocketHandler<TSchema>(
    GraphQLRequestExecutor<TSchema> executor,
    IGraphQLTextSerializer serializer,
    IWebSocketAuthenticator authenticator,
    IServiceScopeFactory scopes,
    IOptions<GraphQLServerOptions> options,
    WebSocketTracker tracker,
    ILogger<GraphQLWebSocketHandler<TSchema>> logger,
    IHostApplicationLifetime? lifetime = null,
    TimeProvider? time = null)
    where TSchema : ISchema
{
    // How long a refused client has to answer the 4406 close before the socket is dropped.
    private static readonly TimeSpan RefusalGrace = TimeSpan.FromSeconds(2);

    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            await AcceptAndRunAsync(http);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException
            || (ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            // The peer went away during the handshake or the close: its doing, not a server failure.
            LogPeerGone(logger, ex.Message);
        }
    }

    private async Task AcceptAndRunAsync(HttpContext http)
    {
        var offered = http.WebSockets.WebSocketRequestedProtocols;
        if (offered.Count > 0 && !offered.Contains(CloseCodes.SubProtocol, StringComparer.Ordinal))
        {
            // Browsers and the ws package fail a 101 without one of the subprotocols they offered before any close
            // code reaches the client, so the handshake itself is refused, with a reason a developer can read.
            await RefuseSubprotocolAsync(http);
            return;
        }
        if (offered.Count == 0)
        {
            // The reference server's answer to a client that offered no subprotocol at all.
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            grace.CancelAfter(RefusalGrace);
            await refused.CloseAsync(CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable: offer graphql-transport-ws", grace.Token);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = CloseCodes.SubProtocol,
            // WebSocket-level pings find peers that vanished without closing (their operations are then disposed).
            KeepAliveInterval = TimeSpan.FromSeconds(15),
            KeepAliveTimeout = TimeSpan.FromSeconds(15),
        });
        using var connection = new GraphQLWebSocketConnection<TSchema>(
            socket, http, executor, serializer, authenticator, scopes, options.Value, tracker, logger, time ?? TimeProvider.System);
        // A graceful stop waits for every connection; sockets would otherwise hold it for the whole shutdown timeout.
        using var stopping = lifetime?.ApplicationStopping.Register(connection.ServerStopping);
        await connection.RunAsync();
    }

    private async Task RefuseSubprotocolAsync(HttpContext http)
    {
        var error = new TransportError(GraphQLErrorCodes.BadRequest,
            $"This endpoint speaks the {CloseCodes.SubProtocol} WebSocket subprotocol (the graphql-ws npm package, Apollo Client's "
            + "GraphQLWsLink, urql); the legacy graphql-ws subprotocol of subscriptions-transport-ws is not supported.");
        var body = Encoding.UTF8.GetBytes(serializer.Serialize(new ExecutionResult(error)));
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "GraphQL WebSocket peer went away: {Reason}")]
    private static partial void LogPeerGone(ILogger logger, string reason);
}
