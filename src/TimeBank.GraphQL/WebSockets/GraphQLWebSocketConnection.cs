using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TimeBank.GraphQL.Execution;
using TimeBank.GraphQL.Http;
using TimeBank.GraphQL.Limits;

namespace TimeBank.GraphQL.WebSockets;

/// <summary>
/// One graphql-transport-ws connection. A receive loop reads and dispatches client messages; every
/// outgoing message is serialized where it is produced and goes through one bounded channel to one
/// writer loop, so sends are never concurrent and a slow client costs at most the queue's capacity in
/// messages and in bytes. Each operation runs in its own DI scope and
/// ends with exactly one terminal message (<c>complete</c> or <c>error</c>), or none when the client
/// completed it; nothing is sent for it afterwards. Closing ends every operation and frees everything.
/// </summary>
internal sealed partial class GraphQLWebSocketConnection<TSchema> : IDisposable where TSchema : ISchema
{
    // How long the peer has to finish the close handshake, and a stuck send to finish, before the socket is aborted.
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly GraphQLRequestExecutor<TSchema> _executor;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly IWebSocketAuthenticator _authenticator;
    private readonly IServiceScopeFactory _scopes;
    private readonly GraphQLServerOptions _options;
    private readonly WebSocketTracker _tracker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    private readonly Channel<byte[]> _outgoing;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _abort = new();
    private long _queuedBytes;
    private int _closeRequested;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private int _initReceived;
    private volatile bool _acknowledged;
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private Task _credentialsWatch = Task.CompletedTask;

    public GraphQLWebSocketConnection(
        WebSocket socket, HttpContext http, GraphQLRequestExecutor<TSchema> executor, IGraphQLTextSerializer serializer,
        IWebSocketAuthenticator authenticator, IServiceScopeFactory scopes, GraphQLServerOptions options,
        WebSocketTracker tracker, ILogger logger, TimeProvider time)
    {
        (_socket, _http, _executor, _serializer, _authenticator, _scopes, _options, _tracker, _logger, _time) =
            (socket, http, executor, serializer, authenticator, scopes, options, tracker, logger, time);
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.WebSocketOutgoingQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full, which closes the connection
        });
    }

    public async Task RunAsync()
    {
        _tracker.ConnectionOpened();
        var writer = WriteLoopAsync();
        using var initTimer = _time.CreateTimer(
            _ =>
            {
                if (Volatile.Read(ref _initReceived) == 0)
                {
                    Close(CloseCodes.InitTimeout, "Connection initialisation timeout");
                }
            },
            null, _options.WebSocketInitTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer vanished or the socket was aborted after a close: nothing to answer.
        }
        catch (Exception ex)
        {
            LogConnectionFailed(_logger, ex);
            Close(CloseCodes.InternalServerError, "Internal server error");
        }
        finally
        {
            Close(WebSocketCloseStatus.NormalClosure, "");
            foreach (var operation in _operations.Values)
            {
                End(operation);
            }
            await writer;
            await _credentialsWatch;
            _tracker.ConnectionClosed();
        }
    }

    /// <summary>The server is stopping: the client is told to go away (1001) and every operation ends.</summary>
    public void ServerStopping() => Close(CloseCodes.GoingAway, "Server shutting down");

    public void Dispose()
    {
        _closing.Dispose();
        _abort.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        Close(WebSocketCloseStatus.NormalClosure, "");
                        return;
                    }
                    if (message.WrittenCount + received.Count > _options.WebSocketMaxMessageBytes)
                    {
                        Close(CloseCodes.MessageTooBig, "Message too big");
                        await DrainUntilClosedAsync(buffer);
                        return;
                    }
                    message.Write(buffer.AsSpan(0, received.Count));
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    Close(CloseCodes.BadRequest, "Binary messages are not supported");
                }
                else
                {
                    await HandleAsync(message.WrittenMemory);
                }
                if (Volatile.Read(ref _closeRequested) != 0)
                {
                    await DrainUntilClosedAsync(buffer);
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // After a server-side close, wait (briefly: Close arms the abort timer) for the peer's close frame.
    private async Task DrainUntilClosedAsync(byte[] buffer)
    {
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var received = await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = StrictJson.Parse(utf8);
        }
        catch (JsonException)
        {
            Close(CloseCodes.BadRequest, "Invalid message: not well-formed JSON");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var typeProperty)
                || typeProperty.ValueKind != JsonValueKind.String)
            {
                Close(CloseCodes.BadRequest, "Invalid message: no type");
                return;
            }
            var payload = root.TryGetProperty("payload", out var p) ? p : default;
            var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;

            switch (typeProperty.GetString())
            {
                case "connection_init":
                    await InitAsync(payload);
                    break;
                case "ping":
                    // Echoed byte for byte: read into GraphQL.NET's Inputs, a number like 1e999999 would become an
                    // infinity that cannot be written back, and the serializer's depth limit would refuse deep payloads.
                    if (payload.ValueKind == JsonValueKind.Object)
                    {
                        Enqueue(Encoding.UTF8.GetBytes($$"""{"type":"pong","payload":{{payload.GetRawText()}}}"""));
                    }
                    else
                    {
                        Enqueue(OperationMessage.Pong);
                    }
                    break;
                case "pong":
                    break;
                case "subscribe":
                    Subscribe(id, payload);
                    break;
                case "complete" when !string.IsNullOrEmpty(id):
                    // The client is done with it: stop silently; an unknown or finished id is ignored.
                    if (_operations.TryGetValue(id, out var operation))
                    {
                        End(operation);
                    }
                    break;
                default:
                    Close(CloseCodes.BadRequest, $"Invalid message type '{typeProperty.GetString()}'");
                    break;
            }
        }
    }

    private async Task InitAsync(JsonElement payload)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) != 0)
        {
            Close(CloseCodes.TooManyInitRequests, "Too many initialisation requests");
            return;
        }
        if (payload.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            Close(CloseCodes.BadRequest, "Invalid message: connection_init payload must be an object");
            return;
        }
        var parameters = payload.ValueKind == JsonValueKind.Object ? _serializer.ReadNode<Inputs>(payload) : null;
        var user = await _authenticator.AuthenticateAsync(parameters, _http, _closing.Token);
        if (user is null)
        {
            Close(CloseCodes.Forbidden, "Forbidden");
            return;
        }
        _user = user;
        _acknowledged = true;
        _credentialsWatch = CloseWhenCredentialsEndAsync(user);
        Enqueue(OperationMessage.ConnectionAck);
    }

    // Credentials are checked once, at init; this ends the connection when they would no longer pass that check.
    private async Task CloseWhenCredentialsEndAsync(ClaimsPrincipal user)
    {
        try
        {
            await _authenticator.WhenCredentialsEndAsync(user, _closing.Token);
            Close(CloseCodes.Forbidden, "Forbidden: credentials expired or revoked");
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The connection closed first.
        }
        catch (Exception ex)
        {
            LogConnectionFailed(_logger, ex);
            Close(CloseCodes.InternalServerError, "Internal server error");
        }
    }

    private void Subscribe(string? id, JsonElement payload)
    {
        if (!_acknowledged)
        {
            Close(CloseCodes.Unauthorized, "Unauthorized");
            return;
        }
        if (string.IsNullOrEmpty(id))
        {
            Close(CloseCodes.BadRequest, "Invalid message: subscribe needs an id");
            return;
        }

        GraphQLRequest request;
        try
        {
            request = HttpRequestParser.FromJson(payload, _serializer);
        }
        catch (GraphQLHttpRequestException ex)
        {
            Close(CloseCodes.BadRequest, $"Invalid message: {ex.Message}");
            return;
        }
        if (request.Query is null && request.DocumentId is null && request.Extensions is null)
        {
            Close(CloseCodes.BadRequest, "Invalid message: subscribe payload needs a query");
            return;
        }

        // A document is parsed and validated on this receive loop, which cannot see the socket drop
        // meanwhile; the request's own token can, so a dropped client stops the validation too.
        var operation = new Operation(id, _closing.Token, _http.RequestAborted);
        if (!_operations.TryAdd(id, operation))
        {
            operation.Dispose();
            Close(CloseCodes.SubscriberExists, $"Subscriber for {id} already exists");
            return;
        }
        _tracker.OperationStarted();
        if (_operations.Count > _options.WebSocketMaxOperations)
        {
            Send(operation, new OperationMessage("error", id, new[]
            {
                new TransportError(GraphQLErrorCodes.TooManyOperations, $"At most {_options.WebSocketMaxOperations} operations may run at once on one connection."),
            }), terminal: true);
            return;
        }
        operation.Execution = RunAsync(operation, request);
    }

    private async Task RunAsync(Operation operation, GraphQLRequest request)
    {
        var scope = _scopes.CreateAsyncScope();
        operation.Scope = scope;
        try
        {
            var result = await _executor.ExecuteAsync(request, TransportKind.WebSocket, _user, _http.Connection.RemoteIpAddress, scope.ServiceProvider, operation.Cancellation.Token);
            if (result.Streams?.Values.FirstOrDefault() is { } stream)
            {
                var subscription = stream.Subscribe(new StreamObserver(this, operation));
                operation.Attach(subscription);
            }
            else if (!result.Executed)
            {
                Send(operation, new OperationMessage("error", operation.Id, result.Errors?.ToArray() ?? []), terminal: true);
            }
            else
            {
                Send(operation, new OperationMessage("next", operation.Id, result), terminal: false);
                Send(operation, new OperationMessage("complete", operation.Id), terminal: true);
            }
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            End(operation);
        }
        catch (Exception ex)
        {
            Fail(operation, ex);
        }
    }

    private void Fail(Operation operation, Exception ex)
    {
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString()
            ?? System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        LogOperationFailed(_logger, ex, operation.Id, traceId);
        var error = new InternalServerError("An unexpected error occurred; quote the traceId when reporting it.", traceId, ex);
        Send(operation, new OperationMessage("error", operation.Id, new[] { error }), terminal: true);
    }

    /// <summary>Queues a message of an operation unless the operation already ended.</summary>
    private void Send(Operation operation, OperationMessage message, bool terminal)
    {
        var bytes = Serialize(message);
        lock (operation)
        {
            if (operation.Finished)
            {
                return;
            }
            operation.Finished = terminal;
            Enqueue(bytes);
        }
        if (terminal)
        {
            End(operation);
        }
    }

    private void Enqueue(OperationMessage message) => Enqueue(Serialize(message));

    private void Enqueue(byte[]? bytes)
    {
        if (bytes is null)
        {
            return;
        }
        // One message is always let through when nothing waits, so a large answer to a reading client is sent.
        var queued = Interlocked.Add(ref _queuedBytes, bytes.Length);
        _tracker.Queued(queued);
        if ((queued > _options.WebSocketOutgoingQueueBytes && queued > bytes.Length) || !_outgoing.Writer.TryWrite(bytes))
        {
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
            if (Volatile.Read(ref _closeRequested) == 0)
            {
                Close(CloseCodes.SlowConsumer, "Outgoing queue full: the client reads too slowly");
            }
        }
    }

    /// <summary>The message as sent, or null (and the connection closing) when it cannot be written.</summary>
    private byte[]? Serialize(OperationMessage message)
    {
        try
        {
            return Encoding.UTF8.GetBytes(_serializer.Serialize(message));
        }
        catch (Exception ex)
        {
            // A message that cannot be written (a serializer failure): the connection cannot go on.
            LogConnectionFailed(_logger, ex);
            Close(CloseCodes.InternalServerError, "Internal server error");
            return null;
        }
    }

    /// <summary>Ends an operation once: no more messages, source stream unsubscribed, scope disposed.</summary>
    private void End(Operation operation)
    {
        lock (operation)
        {
            operation.Finished = true;
        }
        if (!operation.TryEnd())
        {
            return;
        }
        _operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation));
        _tracker.OperationEnded();
        operation.Dispose();
    }

    /// <summary>Asks the writer to close the socket with this status; the first request wins.</summary>
    private void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }
        _closeStatus = status;
        _closeReason = reason;
        _outgoing.Writer.TryComplete();
        _closing.Cancel();
        // A peer that does not answer the close, or a send stuck on a peer that does not read, is cut off.
        _abort.CancelAfter(CloseGrace);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(_closing.Token))
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, true, _abort.Token);
                Interlocked.Add(ref _queuedBytes, -message.Length);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closing, or the peer is gone.
        }

        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, _abort.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The peer is gone; nothing more to tell it.
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "GraphQL WebSocket connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "GraphQL WebSocket operation {OperationId} failed {TraceId}")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, string operationId, string traceId);

    /// <summary>Forwards a subscription's results as <c>next</c> messages, and its end as the terminal one.</summary>
    private sealed class StreamObserver(GraphQLWebSocketConnection<TSchema> connection, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) =>
            connection.Send(operation, new OperationMessage("next", operation.Id, ErrorLimit.Apply(value, connection._executor.MaxErrors)), terminal: false);

        public void OnError(Exception error) => connection.Fail(operation, error);

        public void OnCompleted() =>
            connection.Send(operation, new OperationMessage("complete", operation.Id), terminal: true);
    }

    /// <summary>One running operation: its cancellation, scope and source subscription.</summary>
    private sealed class Operation(string id, CancellationToken connectionClosing, CancellationToken connectionDropped) : IDisposable
    {
        private int _ended;
        private IDisposable? _subscription;

        public string Id { get; } = id;

        public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(connectionClosing, connectionDropped);

        public AsyncServiceScope? Scope { get; set; }

        /// <summary>The execution of the document; a subscription's stream outlives it.</summary>
        public Task Execution { get; set; } = Task.CompletedTask;

        /// <summary>Set, under the operation's lock, once a terminal message was queued or the operation ended.</summary>
        public bool Finished { get; set; }

        public bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

        /// <summary>Keeps the source subscription, or disposes it at once when the operation already ended.</summary>
        public void Attach(IDisposable subscription)
        {
            lock (this)
            {
                if (Volatile.Read(ref _ended) == 0)
                {
                    _subscription = subscription;
                    return;
                }
            }
            subscription.Dispose();
        }

        public void Dispose()
        {
            IDisposable? subscription;
            lock (this)
            {
                subscription = _subscription;
                _subscription = null;
            }
            subscription?.Dispose();
            Cancellation.Cancel();
            Cancellation.Dispose();
            if (Scope is { } scope)
            {
                // Resolvers of a cancelled execution may still be unwinding: free their services after them.
                _ = Execution.ContinueWith(_ => scope.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
            }
        }
    }
}
