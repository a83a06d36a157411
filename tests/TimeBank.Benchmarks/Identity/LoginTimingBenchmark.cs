using System.Diagnostics;
using System.Globalization;
using TimeBank.Benchmarks.Exchanges;

namespace TimeBank.Benchmarks.Identity;

/// <summary>
/// Whether an answer's time tells which emails have an account. Against the real API (Release, its own process), one
/// request at a time, interleaved: <c>login</c> with a wrong password for registered emails and for unknown ones, and
/// <c>register</c> of a taken email and of a new one, beside <c>{ __typename }</c> in the same run. Every login uses an
/// email of its own, so no (address, email) pair reaches its lockout and every sample takes the full path.
/// Run: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- login-timing [samples]</c>.
/// </summary>
internal static class LoginTimingBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var samples = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 200;
        await using var server = await ApiServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        Console.WriteLine($"API {server.Address}, {Environment.ProcessorCount} cores, {samples} samples per kind, one request at a time");

        Console.WriteLine($"registering {samples} users (untimed) ...");
        for (var i = 0; i < samples; i++)
        {
            await ApiServer.RegisterAsync(http, Known(i));
        }
        // Warm-up: JIT, connection, document cache.
        for (var i = 0; i < 50; i++)
        {
            await TypenameAsync(http);
            await LoginAsync(http, $"warm{i}@bench.local");
        }

        var typename = new List<double>();
        var known = new List<double>();
        var unknown = new List<double>();
        var taken = new List<double>();
        var fresh = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            // Alternating which goes first, so drift in the machine's load falls on both sides alike.
            var knownFirst = i % 2 == 0;
            typename.Add(await TimeAsync(() => TypenameAsync(http)));
            (knownFirst ? known : unknown).Add(await TimeAsync(() => LoginAsync(http, knownFirst ? Known(i) : $"nobody{i}@bench.local")));
            (knownFirst ? unknown : known).Add(await TimeAsync(() => LoginAsync(http, knownFirst ? $"nobody{i}@bench.local" : Known(i))));
            (knownFirst ? taken : fresh).Add(await TimeAsync(() => RegisterAsync(http, knownFirst ? Known(i) : $"fresh{i}@bench.local")));
            (knownFirst ? fresh : taken).Add(await TimeAsync(() => RegisterAsync(http, knownFirst ? $"fresh{i}@bench.local" : Known(i))));
        }

        var baseline = Median(typename);
        Print("{ __typename }                    ", typename, baseline);
        Print("login, known email, wrong password", known, baseline);
        Print("login, unknown email              ", unknown, baseline);
        Print("register, email taken             ", taken, baseline);
        Print("register, new email               ", fresh, baseline);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"unknown/known login median: {Median(unknown) / Median(known):0.00}; taken/new register median: {Median(taken) / Median(fresh):0.00}"));
    }

    private static string Known(int i) => $"known{i}@bench.local";

    private static async Task<double> TimeAsync(Func<Task> request)
    {
        var started = Stopwatch.GetTimestamp();
        await request();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task TypenameAsync(HttpClient http) => await ApiServer.PostAsync(http, "{ __typename }", null, null);

    private static async Task LoginAsync(HttpClient http, string email)
    {
        var response = await ApiServer.PostAsync(http, "mutation($input: LoginInput!) { login(input: $input) { errors { code } } }",
            new { input = new { email, password = "not the password" } }, null);
        Expect(response, "login", "INVALID_CREDENTIALS");
    }

    private static async Task RegisterAsync(HttpClient http, string email)
    {
        var response = await ApiServer.PostAsync(http, "mutation($input: RegisterInput!) { register(input: $input) { errors { code } } }",
            new { input = new { email, password = ApiServer.Password } }, null);
        Expect(response, "register", email.StartsWith("known", StringComparison.Ordinal) ? "EMAIL_TAKEN" : null);
    }

    // A benchmark that timed the wrong answer (a lockout, a rate limit) would measure nothing useful.
    private static void Expect(System.Text.Json.Nodes.JsonObject response, string field, string? code)
    {
        var errors = response["data"]?[field]?["errors"]?.AsArray() ?? throw new InvalidOperationException(response.ToJsonString());
        if ((string?)errors.FirstOrDefault()?["code"] != code)
        {
            throw new InvalidOperationException($"{field}: expected {code ?? "success"}, got {response.ToJsonString()}");
        }
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    private static void Print(string what, List<double> values, double baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {Median(values),6:0.00} ms, p10 {Percentile(values, 0.1),6:0.00}, p90 {Percentile(values, 0.9),6:0.00}  = {Median(values) / baseline,5:0.0}x __typename"));
}
