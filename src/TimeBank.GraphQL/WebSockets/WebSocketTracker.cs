namespace TimeBank.GraphQL.WebSockets;

/// <summary>Counts open sockets and running operations, so leaks show (tests and metrics read it).</summary>
public sealed class WebSocketTracker
{
    private int _connections;
    private int _operations;

    public int ActiveConnections => Volatile.Read(ref _connections);

    public int ActiveOperations => Volatile.Read(ref _operations);

    internal void ConnectionOpened() => Interlocked.Increment(ref _connections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    internal void OperationStarted() => Interlocked.Increment(ref _operations);

    internal void OperationEnded() => Interlocked.Decrement(ref _operations);
}
