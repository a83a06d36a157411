using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>The API as an operator runs it: a real process on a real port and data folder.</summary>
public sealed class HostLifecycleTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = TempFolder.Create();

    [Fact]
    public async Task MigratesAFreshDataFolderAndKeepsItsDataAcrossARestart()
    {
        var environment = new Dictionary<string, string> { ["TimeBank__DataDirectory"] = _dataDirectory };

        Guid firstDeployment;
        using (var first = ApiProcess.Start(ApiProcess.FreePort(), environment))
        {
            await first.WaitUntilReadyAsync(StartTimeout);
            Assert.Equal("Query", await TypenameAsync(first));
            firstDeployment = ReadDeploymentId();

            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Application is shutting down", first.StandardOutput, StringComparison.Ordinal);
            Assert.Matches(@"Applied \d+ migration", first.StandardOutput);
        }

        using var second = ApiProcess.Start(ApiProcess.FreePort(), environment);
        await second.WaitUntilReadyAsync(StartTimeout);
        Assert.Equal(firstDeployment, ReadDeploymentId());
        Assert.DoesNotContain("Applied", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("wal", ReadPragma("journal_mode"));
        second.Terminate();
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task RefusesADataFolderItCannotWrite()
    {
        // Root may write anywhere, so use a path below a regular file: no user can create that folder.
        var file = Path.Combine(_dataDirectory, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var stderr = await FailToStartAsync(new() { ["TimeBank__DataDirectory"] = Path.Combine(file, "data") });

        Assert.Contains("TimeBank:DataDirectory", stderr, StringComparison.Ordinal);
        Assert.Contains("not writable", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAMalformedConnectionString()
    {
        var stderr = await FailToStartAsync(new()
        {
            ["TimeBank__DataDirectory"] = _dataDirectory,
            ["ConnectionStrings__TimeBank"] = "Data Source=x.db;Flavour=strawberry",
        });

        Assert.Contains("ConnectionStrings:TimeBank is malformed", stderr, StringComparison.Ordinal);
        Assert.Contains("flavour", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusesALedgerWriterNiceValueOutsideLinuxsRange()
    {
        var stderr = await FailToStartAsync(new()
        {
            ["TimeBank__DataDirectory"] = _dataDirectory,
            ["TimeBank__LedgerWriterNice"] = "-21",
        });

        Assert.Contains("TimeBank:LedgerWriterNice is -21", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAPortInUse()
    {
        // The occupant takes a port of the system's choosing, so no other process can slip in between.
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;

        var stderr = await FailToStartAsync(new() { ["TimeBank__DataDirectory"] = _dataDirectory }, port);

        Assert.Contains("address already in use", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), stderr, StringComparison.Ordinal);
    }

    public void Dispose() => TempFolder.Delete(_dataDirectory);

    /// <summary>Starts the API expecting it to stop: exit code 1 and exactly one line on stderr.</summary>
    private static async Task<string> FailToStartAsync(Dictionary<string, string> environment, int? port = null)
    {
        using var api = ApiProcess.Start(port ?? ApiProcess.FreePort(), environment);
        var exitCode = await api.WaitForExitAsync(StartTimeout);

        var lines = api.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, exitCode);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{api.StandardError}");
        Assert.StartsWith("timebank: cannot start: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", api.StandardOutput, StringComparison.Ordinal);
        return lines[0];
    }

    private static async Task<string?> TypenameAsync(ApiProcess api)
    {
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        using var response = await http.PostAsJsonAsync("/graphql", new { query = "{ __typename }" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return (string?)body?["data"]?["__typename"];
    }

    private Guid ReadDeploymentId() => Guid.Parse((string)Scalar("SELECT InstanceId FROM Deployment WHERE Id = 1")!);

    private string ReadPragma(string name) => (string)Scalar($"PRAGMA {name}")!;

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "timebank.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
