using TimeBank.GraphQL.Diagnostics;

namespace TimeBank.GraphQL.WebSockets;

/// <summary>Counts open sockets and running operations, so leaks show (tests and metrics read it).</summary>
public sealed class WebSocketTracker
{
    private int _connections;
    private int _operations;
    private long _peakQueuedBytes;

    public int ActiveConnections => Volatile.Read(ref _connections);

    public int ActiveOperations => Volatile.Read(ref _operations);

    /// <summary>The most bytes that ever waited to be sent on one socket.</summary>
    public long PeakQueuedBytes => Interlocked.Read(ref _peakQueuedBytes);

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        GraphQLTelemetry.ConnectionOpened();
    }

    internal void ConnectionClosed()
    {
        Interlocked.Decrement(ref _connections);
        GraphQLTelemetry.ConnectionClosed();
    }

    internal void OperationStarted()
    {
        Interlocked.Increment(ref _operations);
        GraphQLTelemetry.OperationStarted();
    }

    internal void OperationEnded()
    {
        Interlocked.Decrement(ref _operations);
        GraphQLTelemetry.OperationEnded();
    }

    internal void Queued(long bytes)
    {
        var peak = Interlocked.Read(ref _peakQueuedBytes);
        while (bytes > peak && Interlocked.CompareExchange(ref _peakQueuedBytes, bytes, peak) != peak)
        {
            peak = Interlocked.Read(ref _peakQueuedBytes);
        }
    }
}
