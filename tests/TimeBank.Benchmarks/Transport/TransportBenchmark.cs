using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TimeBank.GraphQL;

namespace TimeBank.Benchmarks.Transport;

/// <summary>
/// Load driver for the GraphQL transports, on a real Kestrel loopback port:
/// <list type="number">
/// <item><c>{ __typename }</c> over HTTP at 32 concurrent connections, beside a plain endpoint that
/// returns the same JSON in the same process (the ratio is the transport's and GraphQL.NET's overhead);</item>
/// <item>one event to 1,000 WebSocket subscribers: delivery latency from publish to receipt.</item>
/// </list>
/// Run: <c>DOTNET_gcServer=1 dotnet run -c Release --project tests/TimeBank.Benchmarks -- transport [seconds]</c>
/// (server GC, as the API runs under the Web SDK). Client and server share the machine's cores, so
/// absolute figures are lower bounds.
/// </summary>
internal static class TransportBenchmark
{
    private const int Connections = 32;
    private const int Subscribers = 1_000;
    private const int Events = 20;
    private const int WarmUpEvents = 3;
    private const string TypenameBody = """{"query":"{ __typename }"}""";
    private const string TypenameResponse = """{"data":{"__typename":"Query"}}""";

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
        await using var app = await StartServerAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"server {address}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, {seconds} s of HTTP load per endpoint, {Connections} connections");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections }) { BaseAddress = new Uri(address) };
        await LoadAsync(http, "/graphql", TimeSpan.FromSeconds(2)); // warm-up: JIT, connections, document cache
        await LoadAsync(http, "/plain", TimeSpan.FromSeconds(2));

        // Alternate short rounds so that load from other processes hits both endpoints alike; the ratio
        // reported is the median of the rounds' ratios.
        const int rounds = 5;
        var round = TimeSpan.FromSeconds(Math.Max(1, seconds / rounds));
        var plainRuns = new List<(double PerSecond, double P50, double P99)>();
        var graphqlRuns = new List<(double PerSecond, double P50, double P99)>();
        for (var r = 0; r < rounds; r++)
        {
            plainRuns.Add(await LoadAsync(http, "/plain", round));
            graphqlRuns.Add(await LoadAsync(http, "/graphql", round));
        }
        var ratios = plainRuns.Zip(graphqlRuns, (p, g) => g.PerSecond / p.PerSecond).Order().ToArray();
        Console.WriteLine($"plain endpoint    : {Median(plainRuns.Select(x => x.PerSecond)),9:N0} req/s  p50 {Median(plainRuns.Select(x => x.P50)):N2} ms  p99 {Median(plainRuns.Select(x => x.P99)):N2} ms (medians of {rounds} rounds of {round.TotalSeconds:N0} s)");
        Console.WriteLine($"graphql __typename: {Median(graphqlRuns.Select(x => x.PerSecond)),9:N0} req/s  p50 {Median(graphqlRuns.Select(x => x.P50)):N2} ms  p99 {Median(graphqlRuns.Select(x => x.P99)):N2} ms");
        Console.WriteLine($"ratio graphql/plain: median {Median(ratios):N2} (rounds: {string.Join(", ", ratios.Select(x => x.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)))})");

        var fanOut = await FanOutAsync(new Uri(new Uri(address), "/graphql"), app.Services.GetRequiredService<Ticker>());
        Console.WriteLine($"fan-out to {Subscribers} subscribers x {Events} events: p50 {fanOut.P50:N1} ms  p99 {fanOut.P99:N1} ms  max {fanOut.Max:N1} ms");
    }

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<Ticker>();
        builder.Services.AddGraphQL(graphql => graphql.AddSchema<BenchSchema>().AddGraphTypes(typeof(BenchSchema).Assembly));
        builder.Services.AddGraphQLServer(options => options.WebSocketMaxOperations = 10);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapPost("/plain", async (HttpContext context) =>
        {
            // Reads the body as the GraphQL endpoint does, then answers the same bytes.
            using var _ = await JsonDocument.ParseAsync(context.Request.Body);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(TypenameResponse);
        });
        app.MapGraphQLEndpoints<BenchSchema>("/graphql");
        await app.StartAsync();
        return app;
    }

    private static async Task<(double PerSecond, double P50, double P99)> LoadAsync(HttpClient http, string path, TimeSpan duration)
    {
        var latencies = new List<double>[Connections];
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(TypenameBody, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(path, content);
                var body = await response.Content.ReadAsStringAsync();
                if (body != TypenameResponse)
                {
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {body}");
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / stopwatch.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task<(double P50, double P99, double Max)> FanOutAsync(Uri httpAddress, Ticker ticker)
    {
        var address = new UriBuilder(httpAddress) { Scheme = "ws" }.Uri;
        var sockets = new List<ClientWebSocket>(Subscribers);
        var latencies = new List<double>(Subscribers * Events);
        var received = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var i = 0; i < Subscribers; i++)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            await socket.ConnectAsync(address, stop.Token);
            await SendAsync(socket, """{"type":"connection_init"}""", stop.Token);
            await ReceiveAsync(socket, new byte[4096], stop.Token); // connection_ack
            await SendAsync(socket, """{"type":"subscribe","id":"1","payload":{"query":"subscription { tick }"}}""", stop.Token);
            sockets.Add(socket);
        }
        while (ticker.Subscribers < Subscribers)
        {
            await Task.Delay(10, stop.Token);
        }

        var readers = sockets.Select(async socket =>
        {
            var buffer = new byte[4096];
            for (var e = 0; e < WarmUpEvents + Events; e++)
            {
                var text = await ReceiveAsync(socket, buffer, stop.Token);
                var arrived = Stopwatch.GetTimestamp();
                if (e < WarmUpEvents)
                {
                    // Warm-up events (JIT of every path) are delivered but not measured.
                    Interlocked.Increment(ref received);
                    continue;
                }
                // The harness shares the server's cores: a string search instead of a JSON parse keeps its share small.
                const string marker = "\"tick\":\"";
                var start = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
                var sent = long.Parse(text.AsSpan(start, text.IndexOf('"', start) - start), System.Globalization.CultureInfo.InvariantCulture);
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
                Interlocked.Increment(ref received);
            }
        }).ToArray();

        var publishMs = new List<double>();
        for (var e = 0; e < WarmUpEvents + Events; e++)
        {
            var target = (e + 1) * Subscribers;
            var publishing = Stopwatch.GetTimestamp();
            ticker.Publish(publishing);
            if (e >= WarmUpEvents)
            {
                publishMs.Add(Stopwatch.GetElapsedTime(publishing).TotalMilliseconds);
            }
            // The next event only once every subscriber has this one, so events do not queue behind each other.
            while (Volatile.Read(ref received) < target)
            {
                await Task.Delay(1, stop.Token);
            }
        }
        await Task.WhenAll(readers);
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
        var all = latencies.Order().ToArray();
        Console.WriteLine($"publishing one event to {Subscribers} observers took {publishMs.Average():N1} ms on average");
        return (Percentile(all, 0.50), Percentile(all, 0.99), all[^1]);
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var count = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), cancellationToken);
            count += result.Count;
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>A hot source: every published timestamp goes to every current subscriber.</summary>
    internal sealed class Ticker : IObservable<string>
    {
        private readonly Lock _gate = new();
        private IObserver<string>[] _observers = [];

        public int Subscribers => Volatile.Read(ref _observers).Length;

        public void Publish(long timestamp)
        {
            var value = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var observer in Volatile.Read(ref _observers))
            {
                observer.OnNext(value);
            }
        }

        public IDisposable Subscribe(IObserver<string> observer)
        {
            lock (_gate)
            {
                _observers = [.. _observers, observer];
            }
            return new Unsubscriber(this, observer);
        }

        private sealed class Unsubscriber(Ticker ticker, IObserver<string> observer) : IDisposable
        {
            public void Dispose()
            {
                lock (ticker._gate)
                {
                    ticker._observers = [.. ticker._observers.Where(o => o != observer)];
                }
            }
        }
    }

    internal sealed class BenchSchema : Schema
    {
        public BenchSchema(IServiceProvider services, BenchQuery query, BenchSubscription subscription) : base(services)
        {
            Query = query;
            Subscription = subscription;
        }
    }

    internal sealed class BenchQuery : ObjectGraphType
    {
        public BenchQuery()
        {
            Name = "Query";
            Field<StringGraphType>("ping").Resolve(_ => "pong");
        }
    }

    internal sealed class BenchSubscription : ObjectGraphType
    {
        public BenchSubscription(Ticker ticker)
        {
            Name = "Subscription";
            Field<NonNullGraphType<StringGraphType>, string>("tick").ResolveStream(_ => ticker);
        }
    }
}
