using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TimeBank.GraphQL.Diagnostics;

/// <summary>
/// The GraphQL layer's <see cref="ActivitySource"/> and <see cref="Meter"/>: a span and a duration per operation
/// (<see cref="OperationTelemetry"/>), and the WebSockets and operations open on them. Only <c>System.Diagnostics</c>:
/// the host decides what listens and exports. Every label is bounded by the schema or by a fixed set, so a client
/// cannot grow the metrics' series: operation type, root field (after validation), outcome, error code.
/// </summary>
public static class GraphQLTelemetry
{
    /// <summary>The name of the layer's <see cref="Meter"/> and <see cref="ActivitySource"/>.</summary>
    public const string Name = "TimeBank.GraphQL";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "timebank.graphql.operation.duration", "s",
        "Duration of GraphQL operations, from the request's document to its result (for a subscription, until its stream is set up).",
        advice: new InstrumentAdvice<double>
        {
            // ASP.NET Core's own buckets for http.server.request.duration, so the two read side by side.
            HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
        });

    internal static readonly Counter<long> ReusedAnswers = Meter.CreateCounter<long>(
        "timebank.graphql.operation.reused", "{operation}",
        "Queries over HTTP answered with the answer kept from the same request, without running (so not in operation.duration).");

    private static readonly UpDownCounter<long> WebSocketConnections = Meter.CreateUpDownCounter<long>(
        "timebank.graphql.websocket.connections", "{connection}", "Open graphql-transport-ws connections.");

    private static readonly UpDownCounter<long> WebSocketOperations = Meter.CreateUpDownCounter<long>(
        "timebank.graphql.websocket.operations", "{operation}",
        "Operations running on WebSockets: subscriptions, and queries or mutations sent over a socket while they run.");

    internal static void ConnectionOpened() => WebSocketConnections.Add(1);

    internal static void ConnectionClosed() => WebSocketConnections.Add(-1);

    internal static void OperationStarted() => WebSocketOperations.Add(1);

    internal static void OperationEnded() => WebSocketOperations.Add(-1);
}
