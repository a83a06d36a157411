using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Operations.Backup;

/// <summary>
/// Issue 17's "done when": the real API (its own process, Kestrel on loopback) settles exchanges from several clients
/// while the operator takes a backup; the backup is restored into another folder and an API started on it answers the
/// community's trial balance, chain head and a member's statement exactly as the backup holds them. A corrupted copy of
/// the same backup is refused.
/// </summary>
public sealed class BackupRestoreRoundTripTests : IDisposable
{
    private const int Clients = 4;
    private const string Password = "correct horse battery";
    private const string TrialBalance = "query($id: ID!) { trialBalance(communityId: $id) { balanced total { accounts debitBalanceMinutes creditBalanceMinutes } } }";
    private const string Reconcile = "query($id: ID!) { reconcile(communityId: $id) { clean chainHead { position hash } } }";
    private const string Statement = "query($id: ID!) { node(id: $id) { ... on Member { account { id balanceMinutes statement(first: 100) { edges { node { entrySequence balanceAfterMinutes } } } } } } }";

    private readonly string _folder = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_folder);

    [Fact]
    public async Task ABackupTakenUnderSettleLoadRestoresIntoAnApiThatAnswersAsTheBackupHolds()
    {
        var live = Folder("live");
        var backup = Path.Combine(_folder, "under-load.db");
        string communityId, memberId;
        string backupOutput;
        int settledBeforeBackup;
        using (var api = ApiProcess.Start(ApiProcess.FreePort(), Environment(live)))
        {
            await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = api.BaseAddress };
            var admin = await AdminAsync(http, live);
            communityId = (string)Ok(await PostAsync(http, admin,
                "mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } errors { code message } } }",
                new { input = new { slug = "roundtrip", name = "Round trip", timeZone = "Europe/Lisbon", policy = new { joiningGrantMinutes = 600, allowsDirectRecording = true } } }),
                "createCommunity")["community"]!["id"]!;
            var people = new List<(string Token, string MemberId)>();
            for (var i = 0; i < Clients * 2; i++)
            {
                people.Add(await MemberAsync(http, admin, communityId, $"p{i}"));
            }
            memberId = people[0].MemberId;
            // The trial balance, the reconciliation and members' statements are for the community's coordinators.
            var coordinator = await MemberAsync(http, admin, communityId, "coordinator");
            Ok(await PostAsync(http, admin,
                "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
                new { input = new { memberId = coordinator.MemberId, coordinator = true, auditor = false } }), "setMemberRoles");

            var settled = 0;
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                var (receiver, provider) = (people[2 * client], people[(2 * client) + 1]);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var (from, to) = i % 2 == 0 ? (receiver, provider) : (provider, receiver);
                    Ok(await PostAsync(http, from.Token,
                        "mutation($input: RecordExchangeInput!) { recordExchange(input: $input) { exchange { status } errors { code message } } }",
                        new { input = new { providerMemberId = to.MemberId, minutes = 15 + client, description = "round trip" } }), "recordExchange");
                    Interlocked.Increment(ref settled);
                }
            })).ToArray();
            await Wait.UntilAsync(() => Volatile.Read(ref settled) >= 40, "settles before the backup");

            settledBeforeBackup = Volatile.Read(ref settled);
            var (exitCode, output, error) = await BackupVerbs.BackupAsync(live, backup);
            await Wait.UntilAsync(() => Volatile.Read(ref settled) >= settledBeforeBackup + 40, "settles after the backup");
            await stop.CancelAsync();
            await Task.WhenAll(load);

            Assert.True(exitCode == 0, error);
            backupOutput = output;
            api.Terminate();
            await api.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var restored = Folder("restored");
        var (restoreExit, restoreOutput, restoreError) = await BackupVerbs.RestoreAsync(restored, backup);
        Assert.True(restoreExit == 0, restoreError);
        var head = BackupVerbs.ChainHeadOf(backup);
        Assert.Contains($"chain head {head},", backupOutput, StringComparison.Ordinal);
        Assert.Contains($"chain head {head},", restoreOutput, StringComparison.Ordinal);
        // Every settle acknowledged before the backup began is in it (each is one entry).
        Assert.True(long.Parse(head.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) >= settledBeforeBackup);

        var expected = await FromBackupAsync(backup, communityId, memberId);
        using (var api = ApiProcess.Start(ApiProcess.FreePort(), Environment(restored)))
        {
            await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = api.BaseAddress };
            // The restored folder has a signing key of its own: everyone signs in again.
            var coordinator = await LoginAsync(http, "coordinator@roundtrip.local");

            var trial = Data(await PostAsync(http, coordinator, TrialBalance, new { id = communityId }))["trialBalance"]!;
            var reconciled = Data(await PostAsync(http, coordinator, Reconcile, new { id = communityId }))["reconcile"]!;
            var account = Data(await PostAsync(http, coordinator, Statement, new { id = memberId }))["node"]!["account"]!;

            Assert.True((bool)trial["balanced"]!);
            Assert.Equal(expected.Accounts, (long)trial["total"]!["accounts"]!);
            Assert.Equal(expected.DebitMinutes, (long)trial["total"]!["debitBalanceMinutes"]!);
            Assert.Equal(expected.CreditMinutes, (long)trial["total"]!["creditBalanceMinutes"]!);
            Assert.True((bool)reconciled["clean"]!);
            Assert.Equal(expected.ChainPosition, (long)reconciled["chainHead"]!["position"]!);
            Assert.Equal(expected.ChainHash, (string)reconciled["chainHead"]!["hash"]!);
            Assert.Equal(expected.Balance, (long)account["balanceMinutes"]!);
            var lines = account["statement"]!["edges"]!.AsArray()
                .Select(e => ((long)e!["node"]!["entrySequence"]!, (long)e["node"]!["balanceAfterMinutes"]!)).Order().ToList();
            Assert.Equal(expected.Statement, lines);
        }

        var corrupted = Path.Combine(_folder, "corrupted.db");
        var bytes = await File.ReadAllBytesAsync(backup);
        for (var i = 4096; i < bytes.Length; i += 4096 * 2)
        {
            bytes[i] ^= 0xFF;
            bytes[i + 1] ^= 0xFF;
        }
        await File.WriteAllBytesAsync(corrupted, bytes);
        var elsewhere = Folder("corrupted-target");
        var (corruptedExit, _, corruptedError) = await BackupVerbs.RestoreAsync(elsewhere, corrupted);
        Assert.Equal(1, corruptedExit);
        Assert.Contains("does not verify, nothing was replaced", corruptedError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(elsewhere, "timebank.db")));
    }

    private const string ApiAdminEmail = "admin@roundtrip.local";

    private sealed record Expected(
        long Accounts, long DebitMinutes, long CreditMinutes, long ChainPosition, string ChainHash, long Balance, List<(long, long)> Statement);

    /// <summary>What the backup file itself says, read with the ledger's own queries on a connection of its own.</summary>
    private static async Task<Expected> FromBackupAsync(string backup, string communityId, string memberId)
    {
        await using var db = new TimeBankDbContext(new DbContextOptionsBuilder<TimeBankDbContext>()
            .UseSqlite($"Data Source={backup};Mode=ReadOnly;Pooling=False").Options);
        Assert.True(GlobalId.TryDecode<long>(communityId, "Community", out var community));
        Assert.True(GlobalId.TryDecode<long>(memberId, "Member", out var member));
        var group = await db.Communities.Where(c => c.Id == community).Select(c => c.LedgerGroup).SingleAsync();
        var accountId = await db.Members.Where(m => m.Id == member).Select(m => m.AccountId).SingleAsync();
        var trial = await db.GetTrialBalanceAsync(group);
        var reconciliation = await db.ReconcileLedgerGroupAsync(group);
        Assert.Empty(reconciliation.Discrepancies);
        await db.Database.OpenConnectionAsync();
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT \"EntrySequence\", \"BalanceAfterMinutes\" FROM \"LedgerPostings\" WHERE \"AccountId\" = $account ORDER BY \"EntrySequence\"";
        command.Parameters.AddWithValue("$account", accountId);
        var statement = new List<(long, long)>();
        // Fewer lines than the page the API is asked for, so its one page is the whole statement.
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                statement.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }
        Assert.True(statement.Count < 100, $"{statement.Count} statement lines");
        return new Expected(trial.Total.Accounts, trial.Total.DebitBalanceMinutes, trial.Total.CreditBalanceMinutes,
            reconciliation.Head!.Position, reconciliation.Head.Hash, statement[^1].Item2, statement);
    }

    private string Folder(string name)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static Dictionary<string, string> Environment(string folder) => new()
    {
        ["TimeBank__DataDirectory"] = folder,
        ["Auth__LoginAttemptsPerMinute"] = "100000",
        ["RateLimits__MutationsPerUser"] = "1000000",
        ["RateLimits__MutationsPerAddress"] = "1000000",
    };

    /// <summary>Registers the admin and grants it as the operator does (<c>admin grant</c> on the host), then signs it in.</summary>
    private static async Task<string> AdminAsync(HttpClient http, string dataFolder)
    {
        await RegisterAsync(http, ApiAdminEmail);
        var (exitCode, _, error) = await BackupVerbs.RunAsync(AdminCommand.RunAsync,
            ["admin", "grant", ApiAdminEmail, "--TimeBank:DataDirectory=" + dataFolder]);
        Assert.True(exitCode == 0, error);
        return await LoginAsync(http, ApiAdminEmail);
    }

    private static async Task<(string Token, string MemberId)> MemberAsync(HttpClient http, string admin, string communityId, string name)
    {
        var token = await RegisterAsync(http, $"{name}@roundtrip.local");
        var memberId = (string)Ok(await PostAsync(http, token,
            "mutation($input: JoinCommunityInput!) { joinCommunity(input: $input) { member { id } errors { code message } } }",
            new { input = new { communityId, displayName = name } }), "joinCommunity")["member"]!["id"]!;
        Ok(await PostAsync(http, admin,
            "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
            new { input = new { memberId } }), "approveMember");
        return (token, memberId);
    }

    private static async Task<string> RegisterAsync(HttpClient http, string email) =>
        (string)Ok(await PostAsync(http, null,
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = Password } }), "register")["accessToken"]!;

    private static async Task<string> LoginAsync(HttpClient http, string email) =>
        (string)Ok(await PostAsync(http, null,
            "mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = Password } }), "login")["accessToken"]!;

    private static async Task<JsonObject> PostAsync(HttpClient http, string? token, string query, object variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonNode Data(JsonObject response)
    {
        Assert.True(response["errors"] is null && response["data"] is not null, response.ToJsonString());
        return response["data"]!;
    }

    private static JsonNode Ok(JsonObject response, string field)
    {
        var payload = response["data"]?[field] ?? throw new InvalidOperationException(response.ToJsonString());
        Assert.True(payload["errors"]!.AsArray().Count == 0, response.ToJsonString());
        return payload;
    }
}
