using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeBank.Benchmarks.Exchanges;

namespace TimeBank.Benchmarks.Hostile;

/// <summary>
/// What the documents of <see cref="HostileDocuments"/> cost the real API (Release, its own process):
/// each is sent <c>repetitions</c> times in a row (each copy made unique by a trailing comment, so the
/// document cache never answers), and meanwhile another client asks <c>{ __typename }</c> every 10 ms.
/// Per document: the server's CPU time (user + system from /proc/&lt;pid&gt;/stat, divided by the
/// repetitions), its peak resident memory while the document ran (VmHWM, reset before each kind), the
/// answer, and the latency of the other client's <c>{ __typename }</c>. Targets: at most about 50 ms of
/// CPU per document, and every <c>{ __typename }</c> under 100 ms.
/// Run: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- hostile [repetitions]</c>.
/// </summary>
internal static class HostileBenchmark
{
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(string[] args)
    {
        var repetitions = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var r) ? r : 20;
        await using var server = await ApiServer.StartAsync();
        var process = new ServerProcess(server.ProcessId);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        using var probeHttp = new HttpClient { BaseAddress = server.Address };
        var cases = HostileDocuments.All().ToArray();
        Console.WriteLine($"API {server.Address} (pid {server.ProcessId}), {Environment.ProcessorCount} cores, {repetitions} repetitions per document, RSS {process.ResidentMegabytes():N0} MB at start");

        // Warm-up: every path compiled (tiered JIT) before anything is timed.
        for (var round = 0; round < 3; round++)
        {
            foreach (var @case in cases)
            {
                await SendAsync(http, @case, -1 - round);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| document | request | answer | answer bytes | CPU ms / document | peak RSS MB | `{ __typename }` p50 / max ms |");
        Console.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
        var worstCpu = 0.0;
        var worstProbe = 0.0;
        foreach (var @case in cases)
        {
            process.ResetPeakMemory();
            var cpuBefore = process.CpuMilliseconds();
            using var stopProbing = new CancellationTokenSource();
            var probe = ProbeAsync(probeHttp, stopProbing.Token);
            Answer answer = default;
            for (var i = 0; i < repetitions; i++)
            {
                answer = await SendAsync(http, @case, i);
            }
            await stopProbing.CancelAsync();
            var latencies = await probe;
            var cpu = (process.CpuMilliseconds() - cpuBefore) / repetitions;
            var p50 = latencies.Count == 0 ? double.NaN : latencies.Order().ElementAt(latencies.Count / 2);
            var max = latencies.Count == 0 ? double.NaN : latencies.Max();
            if (!@case.Name.StartsWith("baseline", StringComparison.Ordinal))
            {
                worstCpu = Math.Max(worstCpu, cpu);
            }
            worstProbe = Math.Max(worstProbe, max);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {@case.Name} | {Kilobytes(answer.RequestBytes)} | {answer.Status} {answer.Code} | {answer.ResponseBytes:N0} | {cpu:0.0} | {process.PeakMegabytes():N0} | {p50:0.0} / {max:0.0} |"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worst hostile document: {worstCpu:0.0} ms CPU (target about 50); slowest {{ __typename }} meanwhile: {worstProbe:0.0} ms (target under 100); RSS {process.ResidentMegabytes():N0} MB at the end"));
        await WebSocketReaderThatStopsAsync(server.Address, process, cases.First(c => c.Name.StartsWith("1,900 unknown fields", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The issue's WebSocket case: a client sends 90 documents that each answer with a full error list,
    /// and never reads. The answers wait in the server's queue (bounded in messages and bytes) or in the
    /// socket buffers; the server's memory must not grow with them.
    /// </summary>
    private static async Task WebSocketReaderThatStopsAsync(Uri address, ServerProcess process, HostileDocuments.Case @case)
    {
        const int Documents = 90;
        var residentBefore = process.ResidentMegabytes();
        process.ResetPeakMemory();
        var cpuBefore = process.CpuMilliseconds();
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        await SendTextAsync(socket, """{"type":"connection_init"}""");
        var sent = 0;
        try
        {
            for (; sent < Documents; sent++)
            {
                var query = JsonSerializer.Serialize(@case.Query + "\n#ws" + sent.ToString(CultureInfo.InvariantCulture), RelaxedJson);
                var subscribe = "{\"type\":\"subscribe\",\"id\":\"" + sent.ToString(CultureInfo.InvariantCulture) + "\",\"payload\":{\"query\":" + query + "}}";
                await SendTextAsync(socket, subscribe);
            }
        }
        catch (WebSocketException)
        {
            // The server closed the connection before the client had sent them all.
        }

        // The server works through what it received; wait until its CPU time stops moving.
        var cpu = process.CpuMilliseconds();
        for (var quiet = 0; quiet < 5;)
        {
            await Task.Delay(100);
            var now = process.CpuMilliseconds();
            quiet = now == cpu ? quiet + 1 : 0;
            cpu = now;
        }
        var peak = process.PeakMegabytes();
        var (status, messages) = await DrainAsync(socket);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"WebSocket, {sent} x \"{@case.Name}\" sent without reading: {(cpu - cpuBefore) / Math.Max(sent, 1):0.0} ms CPU per document, peak RSS {peak:N0} MB (RSS {residentBefore:N0} MB before); then {messages} messages and close {status}"));
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<(string Status, int Messages)> DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var messages = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return (((int?)socket.CloseStatus)?.ToString(CultureInfo.InvariantCulture) ?? "none", messages);
                }
                messages += received.EndOfMessage ? 1 : 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return ($"aborted ({ex.GetType().Name})", messages);
        }
    }

    private readonly record struct Answer(int RequestBytes, int Status, string Code, int ResponseBytes);

    private static async Task<Answer> SendAsync(HttpClient http, HostileDocuments.Case @case, int copy)
    {
        // A trailing comment makes every copy a new document: no token, no bound, but another cache key.
        var query = @case.Query + "\n#" + copy.ToString(CultureInfo.InvariantCulture);
        var json = $$"""{"query":{{JsonSerializer.Serialize(query, RelaxedJson)}},"variables":{{@case.VariablesJson ?? "null"}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(Encoding.UTF8.GetByteCount(json), (int)response.StatusCode, FirstCode(body), Encoding.UTF8.GetByteCount(body));
    }

    private static string FirstCode(string body)
    {
        try
        {
            var root = JsonNode.Parse(body);
            var errors = root?["errors"]?.AsArray();
            return errors is null ? "data"
                : $"{(string?)errors[0]?["extensions"]?["code"]}{(errors.Count > 1 ? $" (+{errors.Count - 1})" : "")}";
        }
        catch (JsonException)
        {
            return "(not JSON)";
        }
    }

    private static async Task<List<double>> ProbeAsync(HttpClient http, CancellationToken stop)
    {
        var latencies = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            using (var content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"))
            using (var response = await http.PostAsync("/graphql", content, CancellationToken.None))
            {
                await response.Content.ReadAsStringAsync(CancellationToken.None);
            }
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            try
            {
                await Task.Delay(ProbeInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return latencies;
    }

    private static string Kilobytes(int bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");
}
