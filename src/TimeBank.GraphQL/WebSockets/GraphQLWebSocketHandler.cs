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
internal sealed class GraphQLWebSocketHandler<TSchema>(
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
    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(CloseCodes.SubProtocol, StringComparer.Ordinal))
        {
            // The reference server's answer to a client that speaks another protocol.
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            await refused.CloseAsync(CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable", http.RequestAborted);
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
}
