using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Operations;

/// <summary>
/// SIGTERM, as a service manager sends it, while clients settle exchanges as fast as they can: the API stops with exit
/// code 0 and every settle a client saw acknowledged is in the database afterwards, settled, with a ledger that
/// reconciles. (The WebSocket side of a stop, close code 1001, is held by the GraphQL layer's CloseCodeTests.)
/// </summary>
public sealed class ShutdownUnderLoadTests : IDisposable
{
    private const int Clients = 6;
    private const int AcknowledgedBeforeStop = 30;
    private const int MaxSettlesPerClient = 2_000;

    private readonly string _dataDirectory = TempFolder.Create();

    [Fact]
    public async Task EverySettleAcknowledgedBeforeSigtermIsInTheDatabaseAfterward()
    {
        using var api = ApiProcess.Start(ApiProcess.FreePort(), new Dictionary<string, string>
        {
            ["TimeBank__DataDirectory"] = _dataDirectory,
            ["TimeBank__SeedDemo"] = "true",
            ["Auth__LoginAttemptsPerMinute"] = "1000",
            ["RateLimits__MutationsPerUser"] = "1000000",
            ["RateLimits__MutationsPerAddress"] = "1000000",
        });
        // Seeding the demo on a machine busy with the rest of the suite can take a while.
        await api.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = api.BaseAddress };
        var bank = new LiveBank(http);
        var pairs = await bank.SetUpAsync("shutdown", Clients);

        var acknowledged = new ConcurrentBag<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new ConcurrentBag<string>();
        var load = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < MaxSettlesPerClient; i++)
            {
                try
                {
                    acknowledged.Add(await bank.RecordAsync(pairs[client], i));
                }
                // Refused, reset or answered without a settle once the API stops: not acknowledged, and this client stops.
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    failures.Add(ex.GetType().Name);
                    return;
                }
                if (acknowledged.Count >= AcknowledgedBeforeStop)
                {
                    enough.TrySetResult();
                }
            }
        })).ToArray();

        // Mid-load: once enough settles were acknowledged, while every client still has one in flight.
        await Task.WhenAny(enough.Task, Task.WhenAll(load));
        Assert.True(enough.Task.IsCompleted, "the load ended before the stop: " + string.Join(", ", failures));
        api.Terminate();
        Assert.Equal(0, await api.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.WhenAll(load);
        Assert.Equal(Clients, failures.Count);
        Assert.DoesNotContain("\"LogLevel\":\"Critical\"", api.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", api.StandardOutput, StringComparison.Ordinal);

        var ids = acknowledged.Select(id => GlobalId.TryDecode(id, out _, out var raw) ? long.Parse(raw, CultureInfo.InvariantCulture) : -1).ToList();
        await using var db = OpenDatabase();
        var settled = await db.Exchanges.Where(e => ids.Contains(e.Id) && e.Status == ExchangeStatus.Settled).CountAsync();
        Assert.Equal(ids.Count, settled);
        Assert.Empty(await db.ReconcileLedgerAsync());
    }

    private TimeBankDbContext OpenDatabase()
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataDirectory, "timebank.db"), Pooling = false }.ToString();
        return new TimeBankDbContext(new DbContextOptionsBuilder<TimeBankDbContext>().UseLedgerSqlite(connection).Options);
    }

    public void Dispose() => TempFolder.Delete(_dataDirectory);
}
