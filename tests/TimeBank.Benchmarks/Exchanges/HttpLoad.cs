using System.Diagnostics;
using System.Globalization;

namespace TimeBank.Benchmarks.Exchanges;

/// <summary>
/// Runs an operation from N concurrent clients and reports throughput and latency percentiles. With the environment
/// variable <c>BENCH_TAIL=1</c> it also prints when the requests at or above p99 started, in 50 ms slots: a pause that
/// holds everyone (a long write lock, say) shows as many slow requests in one slot, once a second for a job that runs
/// once a second; that is how the outbox's bulk mark was found.
/// </summary>
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
        var starts = new List<double>[clients];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = latencies[client] = new List<double>(10_000);
            var startedAt = starts[client] = new List<double>(10_000);
            for (var iteration = 0; goOn(iteration, stopwatch.Elapsed); iteration++)
            {
                var started = Stopwatch.GetTimestamp();
                startedAt.Add(stopwatch.Elapsed.TotalMilliseconds);
                await operation(client, iteration);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = stopwatch.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        if (Environment.GetEnvironmentVariable("BENCH_TAIL") == "1")
        {
            PrintTail(latencies, starts, Percentile(all, 0.99));
        }
        return new Figures(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static void PrintTail(List<double>[] latencies, List<double>[] starts, double p99)
    {
        const int Slot = 50;
        var slow = latencies.SelectMany((mine, client) => mine.Select((ms, i) => (Start: starts[client][i], Ms: ms)))
            .Where(request => request.Ms >= p99);
        foreach (var slot in slow.GroupBy(request => (int)(request.Start / Slot)).OrderBy(slot => slot.Key))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  slow requests started at {slot.Key * Slot,6} ms: {slot.Count(),3}, the slowest {slot.Max(r => r.Ms):0.0} ms"));
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
