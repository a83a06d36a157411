using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace TimeBank.Benchmarks.Exchanges;

/// <summary>
/// The real API, built in Release, as its own process on a loopback port with a fresh data folder: what
/// a deployment runs, SQLite with synchronous=FULL included. The benchmark's clients share the machine.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    public const string AdminEmail = "admin@bench.local";
    public const string Password = "correct horse battery";

    private readonly Process _process;
    private readonly string _folder;

    private ApiServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The API's data folder, for benchmarks that measure its database file.</summary>
    public string DataFolder => _folder;

    /// <summary>The API's process, for benchmarks that read its CPU time and memory from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the API: this checkout's Release build, or the <paramref name="dll"/> of another build (to compare builds in
    /// one run); <paramref name="settings"/> (configuration keys in environment form, <c>A__B</c>) come on top of the benchmark's own.
    /// </summary>
    public static async Task<ApiServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dll = null)
    {
        dll ??= Path.Combine(RepositoryRoot(), "src", "TimeBank.Api", "bin", "Release", "net10.0", "TimeBank.Api.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run the benchmark with -c Release, which builds the API too.");
        }
        var folder = Path.Combine(Path.GetTempPath(), "timebank-settle-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["TimeBank__DataDirectory"] = folder;
        // The benchmark registers all its members from one address.
        start.Environment["Auth__LoginAttemptsPerMinute"] = "1000000";
        // Its clients run thousands of mutations a second, each user and all from one address: far above the
        // defaults, which are for people. The limiter still runs, so its cost is in the figures.
        start.Environment["RateLimits__MutationsPerUser"] = "100000000";
        start.Environment["RateLimits__MutationsPerAddress"] = "100000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"api: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ApiServer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitUntilReadyAsync();
        await server.MakeAdminAsync(dll);
        return server;
    }

    /// <summary>Registers <see cref="AdminEmail"/> and makes it an admin as an operator does: <c>admin grant</c> on the host.</summary>
    private async Task MakeAdminAsync(string dll)
    {
        using (var http = new HttpClient { BaseAddress = Address })
        {
            await RegisterAsync(http, AdminEmail);
        }
        var grant = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { dll, "admin", "grant", AdminEmail, "--TimeBank:DataDirectory=" + _folder })
        {
            grant.ArgumentList.Add(argument);
        }
        using var process = Process.Start(grant) ?? throw new InvalidOperationException("dotnet did not start");
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"admin grant {AdminEmail} exited with {process.ExitCode}");
        }
    }

    /// <summary>Registers a user and returns its access token; one already registered (the admin) logs in instead.</summary>
    public static async Task<string> RegisterAsync(HttpClient http, string email)
    {
        var response = await PostAsync(http, "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = Password } }, token: null);
        if ((string?)response["data"]?["register"]?["errors"]?.AsArray().FirstOrDefault()?["code"] == "EMAIL_TAKEN")
        {
            response = await PostAsync(http, "mutation($input: LoginInput!) { register: login(input: $input) { accessToken errors { code message } } }",
                new { input = new { email, password = Password } }, token: null);
        }
        return (string?)response["data"]?["register"]?["accessToken"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    /// <summary>Runs a mutation and returns its payload, failing on any error.</summary>
    public static async Task<JsonNode> MutateAsync(HttpClient http, string field, string inputType, string selection, object input, string token)
    {
        var response = await PostAsync(http, $"mutation($input: {inputType}!) {{ {field}(input: $input) {{ {selection} errors {{ code message }} }} }}", new { input }, token);
        var payload = response["data"]?[field];
        if (payload is null || payload["errors"]!.AsArray().Count > 0)
        {
            throw new InvalidOperationException($"{field}: {response.ToJsonString()}");
        }
        return payload;
    }

    public static async Task<JsonObject> PostAsync(HttpClient http, string query, object? variables, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the API exited with code {_process.ExitCode}");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the API did not become ready within 60 s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TimeBank.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("TimeBank.sln not found above " + AppContext.BaseDirectory);
    }
}
