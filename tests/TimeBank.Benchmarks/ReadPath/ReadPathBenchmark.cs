using System.Globalization;
using System.Text;
using TimeBank.Benchmarks.Exchanges;

namespace TimeBank.Benchmarks.ReadPath;

/// <summary>
/// The member app's reads against the real API (Release, its own process, demo seed, a SQLite file in a temp folder),
/// logged in as maria, under an external load generator (<c>wrk</c>; the in-process HTTP driver when wrk is missing)
/// at 32 connections on loopback. Rounds alternate every case, and each case's ratio is to the anonymous
/// <c>{ __typename }</c> of the same round; with <c>--baseline-api</c> a second build runs beside this one, the two
/// alternating case by case, so before and after come from the same run.
/// Run: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- reads [--rounds 3] [--seconds 5]
/// [--connections 32] [--only balance,statement-50] [--baseline-api path/to/TimeBank.Api.dll] [--no-plain] [--driver http] [--reuse-off-too]</c>.
/// </summary>
internal static class ReadPathBenchmark
{
    private const int WarmUpSeconds = 3;

    private sealed record Build(string Label, ApiServer Server, HttpClient Http);

    private sealed record Sample(string Build, string Case, int Round, HttpLoad.Figures Figures);

    public static async Task RunAsync(string[] args)
    {
        var rounds = BenchArgs.Option(args, "--rounds", 3);
        var seconds = BenchArgs.Option(args, "--seconds", 5);
        var connections = BenchArgs.Option(args, "--connections", 32);
        var only = BenchArgs.OptionText(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var baselineDll = BenchArgs.OptionText(args, "--baseline-api");
        var withPlain = !args.Contains("--no-plain");
        // The same build again with query answers never reused, so the read path itself is measured beside the reuse.
        var reuseOffToo = args.Contains("--reuse-off-too");
        var useWrk = BenchArgs.OptionText(args, "--driver") != "http";
        if (useWrk && !WrkLoad.IsInstalled())
        {
            Console.WriteLine("wrk is not installed (apt-get install -y wrk): falling back to the in-process HTTP driver, whose own cost lowers every figure.");
            useWrk = false;
        }

        var settings = new Dictionary<string, string>
        {
            ["TimeBank__SeedDemo"] = "true",
            ["Benchmarks__PlainEndpoint"] = "true",
        };
        var builds = new List<Build>();
        try
        {
            if (baselineDll is not null)
            {
                builds.Add(await StartAsync("baseline", settings, Path.GetFullPath(baselineDll), connections));
            }
            builds.Add(await StartAsync("this build", settings, null, connections));
            if (reuseOffToo)
            {
                builds.Add(await StartAsync("reuse off", new Dictionary<string, string>(settings) { ["GraphQL__QueryResponseReuse"] = "00:00:00" }, null, connections));
            }
            await RunRoundsAsync(builds, rounds, TimeSpan.FromSeconds(seconds), connections, only, withPlain, useWrk);
        }
        finally
        {
            foreach (var build in builds)
            {
                build.Http.Dispose();
                await build.Server.DisposeAsync();
            }
        }
    }

    private static async Task<Build> StartAsync(string label, Dictionary<string, string> settings, string? dll, int connections)
    {
        var server = await ApiServer.StartAsync(settings, dll);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = server.Address };
        Console.WriteLine($"{label}: API {server.Address} (pid {server.ProcessId}){(dll is null ? "" : " from " + dll)}");
        return new Build(label, server, http);
    }

    private static async Task RunRoundsAsync(
        List<Build> builds, int rounds, TimeSpan duration, int connections, string[]? only, bool withPlain, bool useWrk)
    {
        // Each server has its own seed, so its own IDs in the cases' bodies.
        var perBuild = new Dictionary<string, IReadOnlyList<ReadCase>>();
        foreach (var build in builds)
        {
            var ids = await ReadPathQueries.PrepareAsync(build.Http);
            var cases = ReadPathQueries.All(ids, withPlain)
                .Where(c => only is null || c.Name == ReadPathQueries.Anonymous || only.Contains(c.Name)).ToArray();
            var token = await ReadPathQueries.LoginAsync(build.Http, ReadPathQueries.MariaEmail);
            foreach (var @case in cases)
            {
                await ReadPathQueries.CheckAsync(build.Http, @case, token, build.Label);
            }
            perBuild[build.Label] = cases;
        }
        Console.WriteLine($"{Environment.ProcessorCount} cores, {(useWrk ? "wrk" : "in-process HTTP driver")}, {connections} connections, "
            + $"{rounds} rounds of {duration.TotalSeconds:N0} s per case; every answer checked before and after timing");

        // Warm-up: JIT and tiered recompilation of each path, connection pools, document caches, SQLite's page cache.
        foreach (var build in builds)
        {
            var token = await ReadPathQueries.LoginAsync(build.Http, ReadPathQueries.MariaEmail);
            foreach (var @case in perBuild[build.Label])
            {
                await LoadAsync(build, @case, token, connections, TimeSpan.FromSeconds(WarmUpSeconds), useWrk);
            }
        }

        var samples = new List<Sample>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in builds)
            {
                // Logged in afresh each round, so a token never outlives its 15 minutes during a long run.
                var token = await ReadPathQueries.LoginAsync(build.Http, ReadPathQueries.MariaEmail);
                foreach (var @case in perBuild[build.Label])
                {
                    var figures = await LoadAsync(build, @case, token, connections, duration, useWrk);
                    // Checked again after the load: an answer that turned into an error would otherwise be timed as a success.
                    await ReadPathQueries.CheckAsync(build.Http, @case, token, build.Label);
                    samples.Add(new Sample(build.Label, @case.Name, round, figures));
                    var anonymous = samples.First(s => s.Build == build.Label && s.Round == round && s.Case == ReadPathQueries.Anonymous);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round} {build.Label,-10} {@case.Name,-22} {figures}  {figures.PerSecond / anonymous.Figures.PerSecond:0.00}x"));
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine(Table(builds, perBuild, samples, rounds));
    }

    private static Task<HttpLoad.Figures> LoadAsync(Build build, ReadCase @case, string token, int connections, TimeSpan duration, bool useWrk)
    {
        if (useWrk)
        {
            return WrkLoad.RunAsync(new Uri(build.Server.Address, @case.Path), @case.Body, @case.WithToken ? token : null, connections, duration);
        }
        var body = Encoding.UTF8.GetBytes(@case.Body);
        return HttpLoad.ForAsync(connections, duration, async (_, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, @case.Path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            if (@case.WithToken)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await build.Http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{@case.Name} answered {(int)response.StatusCode}");
            }
        });
    }

    /// <summary>Medians over the rounds, as a Markdown table ready for docs/read-path.md.</summary>
    private static string Table(List<Build> builds, Dictionary<string, IReadOnlyList<ReadCase>> perBuild, List<Sample> samples, int rounds)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Medians of {rounds} rounds; ratio = req/s over the anonymous `{{ __typename }}` of the same round and build.");
        text.AppendLine();
        text.Append("| query |");
        foreach (var build in builds)
        {
            text.Append(inv, $" {build.Label} req/s | p50 ms | p99 ms | ratio |");
        }
        text.AppendLine();
        text.Append("| --- |");
        foreach (var _ in builds)
        {
            text.Append(" ---: | ---: | ---: | ---: |");
        }
        text.AppendLine();
        foreach (var @case in perBuild[builds[0].Label])
        {
            text.Append(inv, $"| {@case.Label} |");
            foreach (var build in builds)
            {
                var mine = samples.Where(s => s.Build == build.Label && s.Case == @case.Name).ToArray();
                var ratios = mine.Select(s => s.Figures.PerSecond / samples.First(a =>
                    a.Build == build.Label && a.Round == s.Round && a.Case == ReadPathQueries.Anonymous).Figures.PerSecond);
                text.Append(inv, $" {Median(mine.Select(s => s.Figures.PerSecond)):N0} | {Median(mine.Select(s => s.Figures.P50)):N2} | {Median(mine.Select(s => s.Figures.P99)):N2} | {Median(ratios):0.00} |");
            }
            text.AppendLine();
        }
        foreach (var build in builds)
        {
            var plain = samples.Where(s => s.Build == build.Label && s.Case == ReadPathQueries.Plain).ToArray();
            if (plain.Length > 0)
            {
                var ratios = plain.Select(p => samples.First(a => a.Build == build.Label && a.Round == p.Round && a.Case == ReadPathQueries.Anonymous)
                    .Figures.PerSecond / p.Figures.PerSecond).ToArray();
                text.AppendLine();
                text.Append(inv, $"{build.Label}: anonymous `{{ __typename }}` / plain endpoint = {Median(ratios):0.00} (rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.00", inv)))})");
            }
        }
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
