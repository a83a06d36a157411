using System.Diagnostics;
using System.Globalization;

namespace TimeBank.Benchmarks.Exchanges;

/// <summary>Runs an operation from N concurrent clients and reports throughput and latency percentiles.</summary>
internal static class HttpLoad
{
    public sealed record Figures(int Operations, double PerSecond, double P50, double P99)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{PerSecond,8:N0} ops/s  p50 {P50,6:N2} ms  p99 {P99,6:N2} ms  ({Operations:N0} ops)");
    }

    /// <summary>For <paramref name="duration"/>, each client runs <paramref name="operation"/>(client, iteration) back to back.</summary>
    public static Task<Figures> ForAsync(int clients, TimeSpan duration, Func<int, int, Task> operation) =>
        RunAsync(clients, (_, elapsed) => elapsed < duration, operation);

    /// <summary>Each client runs <paramref name="operation"/> exactly <paramref name="perClient"/> times.</summary>
    public static Task<Figures> CountAsync(int clients, int perClient, Func<int, int, Task> operation) =>
        RunAsync(clients, (iteration, _) => iteration < perClient, operation);

    private static async Task<Figures> RunAsync(int clients, Func<int, TimeSpan, bool> goOn, Func<int, int, Task> operation)
    {
        var latencies = new List<double>[clients];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = latencies[client] = new List<double>(10_000);
            for (var iteration = 0; goOn(iteration, stopwatch.Elapsed); iteration++)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(client, iteration);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = stopwatch.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Figures(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
