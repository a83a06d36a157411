using System.Globalization;
using Microsoft.Data.Sqlite;
using TimeBank.Benchmarks.Exchanges;

namespace TimeBank.Benchmarks.Retention;

/// <summary>
/// How much the database grows per 10,000 settled exchanges (<c>recordExchange</c> over HTTP, 8 clients, the real API in
/// Release), with retention effectively off (<c>Retention:OutboxAge</c> 100 years: the state before the retention job)
/// and on (<c>OutboxAge</c> 0, a run every second). Each API settles one round first, so tables and indexes are past
/// their first pages, then a measured round; growth is the bytes in use (pages less free pages) after the measured
/// round less before it, once the job has run. Not a timing: the figure does not depend on the machine's load.
/// Run: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- retention-growth [exchanges per round, 10000]</c>.
/// </summary>
internal static class RetentionGrowthBenchmark
{
    private const int Clients = 8;

    public static async Task RunAsync(string[] args)
    {
        var exchanges = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        Console.WriteLine($"{exchanges:N0} settled exchanges per round, {Clients} clients");
        var off = await MeasureAsync("retention off (before)", exchanges, "36500.00:00:00");
        var on = await MeasureAsync("retention on (after)  ", exchanges, "00:00:00");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"growth with retention / without: {(double)on / off:0.00}"));
    }

    /// <summary>Starts an API with the given outbox age, settles two rounds, and returns the second round's growth in bytes.</summary>
    private static async Task<long> MeasureAsync(string label, int exchanges, string outboxAge)
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["Retention__OutboxAge"] = outboxAge,
            ["Retention__Every"] = "00:00:01",
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = server.Address };
        var pairs = await SetUpAsync(http);
        await SettleAsync(http, pairs, exchanges);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = Used(server.DataFolder);
        await SettleAsync(http, pairs, exchanges);
        // The dispatcher marks events delivered within a second; the job runs every second after that.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = Used(server.DataFolder);
        var perTenThousand = (after.Bytes - before.Bytes) * 10_000 / exchanges;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {perTenThousand / 1024.0 / 1024.0:0.00} MiB in use per 10,000 exchanges; outbox rows {before.Outbox:N0} -> {after.Outbox:N0}; file {after.FileBytes / 1024.0 / 1024.0:0.0} MiB"));
        return perTenThousand;
    }

    private static (long Bytes, long Outbox, long FileBytes) Used(string folder)
    {
        var database = Path.Combine(folder, "timebank.db");
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var bytes = (Scalar("PRAGMA page_count") - Scalar("PRAGMA freelist_count")) * Scalar("PRAGMA page_size");
        var files = new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0);
        return (bytes, Scalar("SELECT COUNT(*) FROM \"Outbox\""), files);
    }

    private static async Task SettleAsync(HttpClient http, (string Token, string MemberId)[][] pairs, int exchanges)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < exchanges)
            {
                var (receiver, provider) = next % 2 == 0 ? (pairs[client][0], pairs[client][1]) : (pairs[client][1], pairs[client][0]);
                await ApiServer.MutateAsync(http, "recordExchange", "RecordExchangeInput", "exchange { status }",
                    new { providerMemberId = provider.MemberId, minutes = 30, description = "growth benchmark" }, receiver.Token);
            }
        })));
    }

    private static async Task<(string Token, string MemberId)[][]> SetUpAsync(HttpClient http)
    {
        // ApiServer made the admin an admin; registering again logs in.
        var admin = await ApiServer.RegisterAsync(http, ApiServer.AdminEmail);
        var created = await ApiServer.MutateAsync(http, "createCommunity", "CreateCommunityInput", "community { id }",
            new
            {
                slug = "growth",
                name = "Growth benchmark",
                timeZone = "Europe/Lisbon",
                policy = new { joiningGrantMinutes = 600, floorMinutes = -60_000, ceilingMinutes = 60_000, allowsDirectRecording = true },
            }, admin);
        var communityId = (string)created["community"]!["id"]!;
        var pairs = new (string, string)[Clients][];
        for (var i = 0; i < Clients; i++)
        {
            pairs[i] = [await JoinAsync(http, admin, communityId, $"a{i}"), await JoinAsync(http, admin, communityId, $"b{i}")];
        }
        return pairs;
    }

    private static async Task<(string Token, string MemberId)> JoinAsync(HttpClient http, string admin, string communityId, string name)
    {
        var token = await ApiServer.RegisterAsync(http, $"{name}@growth.local");
        var joined = await ApiServer.MutateAsync(http, "joinCommunity", "JoinCommunityInput", "member { id }", new { communityId, displayName = name }, token);
        var memberId = (string)joined["member"]!["id"]!;
        await ApiServer.MutateAsync(http, "approveMember", "ApproveMemberInput", "member { id }", new { memberId }, admin);
        return (token, memberId);
    }
}
