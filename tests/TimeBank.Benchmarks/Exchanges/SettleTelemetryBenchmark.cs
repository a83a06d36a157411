using System.Globalization;
using System.Net;

namespace TimeBank.Benchmarks.Exchanges;

/// <summary>
/// What metrics and tracing cost a settle: <c>recordExchange</c> at 32 clients against two API processes side by side,
/// one with telemetry off (<c>Telemetry:Enabled=false</c>) and one with everything on (the Prometheus endpoint, scraped
/// after each round, and every trace exported over OTLP/HTTP to a sink in this process that accepts and drops them),
/// in alternating rounds (off, on, off, on, ...) so a machine that slows down or speeds up weighs on both alike.
/// Prints each round and the ratio of the on rounds' median to the off rounds'.
/// Run: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- settle-telemetry [seconds per round] [rounds per side]</c>.
/// </summary>
internal static class SettleTelemetryBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 10;
        var rounds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var r) ? r : 3;
        using var sink = OtlpSink.Start();
        var metricsPort = ApiServer.FreePort();
        await using var off = await ApiServer.StartAsync(new Dictionary<string, string> { ["Telemetry__Enabled"] = "false" });
        await using var on = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["Telemetry__Prometheus__Enabled"] = "true",
            ["Telemetry__Prometheus__Url"] = $"http://127.0.0.1:{metricsPort}",
            ["Telemetry__Otlp__Endpoint"] = sink.Address,
            ["Telemetry__Otlp__Protocol"] = "http/protobuf",
        });
        using var offHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = SettleBenchmark.Clients * 2 }) { BaseAddress = off.Address };
        using var onHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = SettleBenchmark.Clients * 2 }) { BaseAddress = on.Address };
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        Console.WriteLine($"{Environment.ProcessorCount} cores, {SettleBenchmark.Clients} clients, {seconds} s per round, {rounds} rounds per side");

        var offPairs = await SettleBenchmark.SetUpAsync(offHttp);
        var onPairs = await SettleBenchmark.SetUpAsync(onHttp);
        var duration = TimeSpan.FromSeconds(seconds);
        // Warm-up of both: JIT, connection pools, document caches, SQLite page caches.
        await HttpLoad.ForAsync(SettleBenchmark.Clients, TimeSpan.FromSeconds(5), (c, i) => SettleBenchmark.RecordAsync(offHttp, offPairs[c], i));
        await HttpLoad.ForAsync(SettleBenchmark.Clients, TimeSpan.FromSeconds(5), (c, i) => SettleBenchmark.RecordAsync(onHttp, onPairs[c], i));

        var offRates = new List<double>();
        var onRates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var a = await HttpLoad.ForAsync(SettleBenchmark.Clients, duration, (c, i) => SettleBenchmark.RecordAsync(offHttp, offPairs[c], i));
            Console.WriteLine($"round {round} telemetry off: {a}");
            offRates.Add(a.PerSecond);
            var b = await HttpLoad.ForAsync(SettleBenchmark.Clients, duration, (c, i) => SettleBenchmark.RecordAsync(onHttp, onPairs[c], i));
            var scrape = await scraper.GetStringAsync("/metrics");
            Console.WriteLine($"round {round} telemetry on:  {b}  (scrape {scrape.Length / 1024} KiB, {sink.Requests} OTLP exports so far)");
            onRates.Add(b.PerSecond);
        }
        var ratio = Median(onRates) / Median(offRates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recordExchange/s, median: off {Median(offRates):0}, on {Median(onRates):0} = {ratio:0.00}x ({(ratio - 1) * 100:+0.0;-0.0} %)"));
        if (sink.Requests == 0)
        {
            throw new InvalidOperationException("no OTLP export reached the sink: tracing was not on");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>An OTLP/HTTP receiver on loopback that answers every export with 200 and drops it.</summary>
    private sealed class OtlpSink : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        private OtlpSink(int port)
        {
            Address = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public string Address { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static OtlpSink Start() => new(ApiServer.FreePort());

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref _requests);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
