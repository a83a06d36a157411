using System.Globalization;

namespace TimeBank.Benchmarks.Exchanges;

/// <summary>
/// Settle mutations over HTTP against the real API (Release, its own process, SQLite synchronous=FULL):
/// <list type="number">
/// <item><c>recordExchange</c> (settled at once: one ledger transfer) at 32 concurrent clients;</item>
/// <item><c>acknowledgeExchange</c> (posts the hold placed at accept, voids the rest) at 32 clients, on
/// exchanges brought to COMPLETED beforehand;</item>
/// <item>a member's balance query;</item>
/// </list>
/// each beside <c>{ __typename }</c> on the same server in the same run, so ratios survive a noisy machine.
/// Run: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- settle [seconds] [record|acknowledge|balance]</c>;
/// naming one part runs only it (beside the baseline), e.g. to profile the API under that load.
/// </summary>
internal static class SettleBenchmark
{
    internal const int Clients = 32;
    // Enough for about the timed run's length at the target rate (1,000/s over 32 clients).
    private const int AcknowledgementsPerClientPerSecond = 32;
    private static readonly TimeSpan RecordWarmUp = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 10;
        var only = args.Length > 1 ? args[1] : null;
        bool Runs(string part) => only is null || only == part;
        await using var server = await ApiServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = server.Address };
        Console.WriteLine($"API {server.Address}, {Environment.ProcessorCount} cores, {Clients} clients, {seconds} s per timed run");

        var pairs = await SetUpAsync(http);
        var duration = TimeSpan.FromSeconds(seconds);

        // Warm-up: JIT, connection pool, document cache, SQLite page cache. The JIT needs the longest: under this load the
        // runtime's counters showed it recompiling about 1,000 methods a second (tiered, with PGO's instrumented tier in
        // between) for the first 10-12 s of settling; with 5 s it was still at it during the timed runs.
        await HttpLoad.ForAsync(Clients, TimeSpan.FromSeconds(3), (_, _) => TypenameAsync(http));
        await HttpLoad.ForAsync(Clients, RecordWarmUp, (client, i) => RecordAsync(http, pairs[client], i));

        var typename = await HttpLoad.ForAsync(Clients, duration, (_, _) => TypenameAsync(http));
        Print("{ __typename }          ", typename, null);
        if (Runs("record"))
        {
            var record = await HttpLoad.ForAsync(Clients, duration, (client, i) => RecordAsync(http, pairs[client], i));
            Print("recordExchange          ", record, typename);
        }
        if (Runs("acknowledge"))
        {
            await TimeAcknowledgementsAsync(http, pairs, seconds * AcknowledgementsPerClientPerSecond, typename);
        }
        if (Runs("balance"))
        {
            var balance = await HttpLoad.ForAsync(Clients, duration, (client, _) => BalanceAsync(http, pairs[client].A.Token));
            Print("balance query           ", balance, typename);
        }
        var typenameAgain = await HttpLoad.ForAsync(Clients, duration, (_, _) => TypenameAsync(http));
        Print("{ __typename } (again)  ", typenameAgain, null);
    }

    /// <summary>Brings exchanges to COMPLETED (untimed), then times acknowledging them.</summary>
    private static async Task TimeAcknowledgementsAsync(HttpClient http, Pair[] pairs, int perClient, HttpLoad.Figures typename)
    {
        Console.WriteLine($"preparing {Clients * perClient:N0} COMPLETED exchanges (propose, accept, complete) ...");
        var completed = new List<string>[Clients];
        await HttpLoad.CountAsync(Clients, perClient, async (client, i) =>
            (completed[client] ??= []).Add(await CompleteAsync(http, pairs[client], i)));
        Console.WriteLine("acknowledging them ...");
        var acknowledge = await HttpLoad.CountAsync(Clients, perClient, (client, i) =>
            AcknowledgeAsync(http, pairs[client], completed[client][i], i));
        Print("acknowledgeExchange     ", acknowledge, typename);
    }

    private static void Print(string what, HttpLoad.Figures figures, HttpLoad.Figures? baseline) =>
        Console.WriteLine(baseline is null
            ? $"{what}: {figures}"
            : string.Create(CultureInfo.InvariantCulture, $"{what}: {figures}  = {figures.PerSecond / baseline.PerSecond:0.00}x __typename"));

    internal sealed record Person(string Token, string MemberId);

    internal sealed record Pair(Person A, Person B);

    /// <summary>An admin, one community that allows recording, and two members per client.</summary>
    internal static async Task<Pair[]> SetUpAsync(HttpClient http)
    {
        var admin = await ApiServer.RegisterAsync(http, ApiServer.AdminEmail);
        var created = await ApiServer.MutateAsync(http, "createCommunity", "CreateCommunityInput", "community { id }",
            new
            {
                slug = "bench",
                name = "Benchmark time bank",
                timeZone = "Europe/Lisbon",
                policy = new { joiningGrantMinutes = 600, floorMinutes = -60_000, ceilingMinutes = 60_000, allowsDirectRecording = true },
            }, admin);
        var communityId = (string)created["community"]!["id"]!;
        var pairs = new Pair[Clients];
        for (var i = 0; i < Clients; i++)
        {
            pairs[i] = new Pair(await JoinAsync(http, admin, communityId, $"a{i}"), await JoinAsync(http, admin, communityId, $"b{i}"));
        }
        return pairs;
    }

    private static async Task<Person> JoinAsync(HttpClient http, string admin, string communityId, string name)
    {
        var token = await ApiServer.RegisterAsync(http, $"{name}@bench.local");
        var joined = await ApiServer.MutateAsync(http, "joinCommunity", "JoinCommunityInput", "member { id }", new { communityId, displayName = name }, token);
        var memberId = (string)joined["member"]!["id"]!;
        await ApiServer.MutateAsync(http, "approveMember", "ApproveMemberInput", "member { id }", new { memberId }, admin);
        return new Person(token, memberId);
    }

    // Who receives alternates, so balances swing around the grant and never reach a limit.
    private static (Person Receiver, Person Provider) Sides(Pair pair, int iteration) =>
        iteration % 2 == 0 ? (pair.A, pair.B) : (pair.B, pair.A);

    private static async Task TypenameAsync(HttpClient http)
    {
        var response = await ApiServer.PostAsync(http, "{ __typename }", null, null);
        if ((string?)response["data"]?["__typename"] != "Query")
        {
            throw new InvalidOperationException(response.ToJsonString());
        }
    }

    internal static async Task RecordAsync(HttpClient http, Pair pair, int iteration)
    {
        var (receiver, provider) = Sides(pair, iteration);
        await ApiServer.MutateAsync(http, "recordExchange", "RecordExchangeInput", "exchange { status }",
            new { providerMemberId = provider.MemberId, minutes = 30, description = "benchmark" }, receiver.Token);
    }

    private static async Task<string> CompleteAsync(HttpClient http, Pair pair, int iteration)
    {
        var (receiver, provider) = Sides(pair, iteration);
        var proposed = await ApiServer.MutateAsync(http, "proposeExchange", "ProposeExchangeInput", "exchange { id }",
            new { counterpartMemberId = provider.MemberId, myRole = "RECEIVER", minutes = 30, description = "benchmark" }, receiver.Token);
        var exchangeId = (string)proposed["exchange"]!["id"]!;
        await ApiServer.MutateAsync(http, "acceptExchange", "AcceptExchangeInput", "exchange { id }", new { exchangeId }, provider.Token);
        await ApiServer.MutateAsync(http, "completeExchange", "CompleteExchangeInput", "exchange { id }", new { exchangeId, minutes = 25 }, provider.Token);
        return exchangeId;
    }

    private static async Task AcknowledgeAsync(HttpClient http, Pair pair, string exchangeId, int iteration)
    {
        var (receiver, _) = Sides(pair, iteration);
        var payload = await ApiServer.MutateAsync(http, "acknowledgeExchange", "AcknowledgeExchangeInput", "exchange { status }", new { exchangeId }, receiver.Token);
        if ((string?)payload["exchange"]?["status"] != "SETTLED")
        {
            throw new InvalidOperationException(payload.ToJsonString());
        }
    }

    private static async Task BalanceAsync(HttpClient http, string token)
    {
        var response = await ApiServer.PostAsync(http, "{ me { memberships { account { balanceMinutes availableMinutes } } } }", null, token);
        if (response["data"]?["me"]?["memberships"]?[0]?["account"]?["balanceMinutes"] is null)
        {
            throw new InvalidOperationException(response.ToJsonString());
        }
    }
}
