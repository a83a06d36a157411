using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// "riverside" (coordinator, maria, tom, sam, audrey the auditor, poor) and "hillside" (its coordinator, the
/// outsider), made over the API. Exchanges are proposed by maria (receiver) to tom (provider) unless said otherwise.
/// </summary>
public sealed class ExchangesFixture : IAsyncLifetime
{
    public const string ExchangeFields =
        "id status agreedMinutes actualMinutes proposedBy settlementEntrySequence provider { displayName } receiver { displayName } " +
        "timeline { fromStatus toStatus action bySystem principal { displayName } minutes note }";

    public TimeBankApplication App { get; } = new();

    public string AdminToken { get; private set; } = "";

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, AdminToken, "riverside", "maria", "tom", "sam", "audrey", "poor");
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside", "outsider");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Member("audrey"), coordinator = false, auditor = true } }, AdminToken), "setMemberRoles");
    }

    /// <summary>Exchanges a test class makes once and shares between its tests (xunit runs them one at a time).</summary>
    public Dictionary<string, string> Shared { get; } = [];

    /// <summary>Logs everyone in again: after the fake clock jumps days ahead, their access tokens have expired.</summary>
    public async Task LogInAgainAsync()
    {
        AdminToken = await LoginAsync(TimeBankApplication.AdminEmail);
        foreach (var (community, slug) in new[] { (Riverside, "riverside"), (Hillside, "hillside") })
        {
            foreach (var (name, (_, memberId)) in community.People.ToList())
            {
                community.People[name] = (await LoginAsync($"{name}.{slug}@test.local"), memberId);
            }
        }
    }

    private async Task<string> LoginAsync(string email)
    {
        var response = await App.GraphQLAsync(
            "mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = TimeBankApplication.Password } });
        return (string?)response["data"]?["login"]?["accessToken"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    public string Token(string person) => person == "outsider" ? Hillside.People[person].Token : Riverside.People[person].Token;

    public string Member(string person) => Riverside.People[person].MemberId;

    /// <summary>Runs an exchange mutation and returns the whole response.</summary>
    public Task<JsonObject> MutateAsync(string mutation, string? token, object input)
        => App.GraphQLAsync(MutationDocument.For(mutation, $"exchange {{ {ExchangeFields} }} errors {{ code message path }}"), new { input }, token);

    /// <summary>Runs a mutation that must succeed and returns the exchange.</summary>
    public async Task<JsonNode> OkAsync(string mutation, string person, object input) =>
        TestCommunity.Ok(await MutateAsync(mutation, Token(person), input), mutation)["exchange"]!;

    /// <summary>maria asks tom for <paramref name="minutes"/> minutes; returns the exchange's ID.</summary>
    public async Task<string> ProposeAsync(int minutes = 60, string receiver = "maria", string provider = "tom") =>
        (string)(await OkAsync("proposeExchange", receiver, new { counterpartMemberId = Member(provider), myRole = "RECEIVER", minutes }))["id"]!;

    /// <summary>An open listing of <paramref name="person"/> in riverside; returns its ID.</summary>
    public async Task<string> ListingAsync(string person, string kind, string title, int? estimatedMinutes = 60)
    {
        var community = await App.GraphQLAsync("query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug = "riverside" }, AdminToken);
        var categoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]!;
        var created = await App.GraphQLAsync(
            "mutation($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }",
            new { input = new { communityId = Riverside.Id, kind, title, categoryId, estimatedMinutes } }, Token(person));
        return (string)TestCommunity.Ok(created, "createListing")["listing"]!["id"]!;
    }

    /// <summary>A fresh exchange between maria (receiver) and tom (provider) brought to <paramref name="status"/>.</summary>
    public async Task<string> InStatusAsync(string status, int minutes = 60)
    {
        var id = await ProposeAsync(minutes);
        var path = status switch
        {
            "REQUESTED" => [],
            "DECLINED" => [("declineExchange", "tom", (object)new { exchangeId = id })],
            "CANCELLED" => [("cancelExchange", "maria", new { exchangeId = id })],
            "ACCEPTED" => [("acceptExchange", "tom", new { exchangeId = id })],
            "COMPLETED" => Completed(id),
            "DISPUTED" => [.. Completed(id), ("disputeExchange", "maria", new { exchangeId = id, reason = "it took half the time" })],
            "SETTLED" => [.. Completed(id), ("acknowledgeExchange", "maria", new { exchangeId = id })],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var (mutation, person, input) in path)
        {
            await OkAsync(mutation, person, input);
        }
        return id;

        static (string, string, object)[] Completed(string id) =>
        [
            ("acceptExchange", "tom", new { exchangeId = id }),
            ("completeExchange", "tom", new { exchangeId = id, minutes = 45, note = "fixed the bike" }),
        ];
    }

    /// <summary>Everything an exchange step may change, as one comparable string: exchanges, their timelines, the ledger, the outbox.</summary>
    public string Fingerprint()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT ifnull(group_concat(Id || ':' || Status || ':' || ifnull(HoldId, '-') || ':' || ifnull(ActualMinutes, '-') || ':' || Version
                        || ':' || ifnull(ProviderRating, '-') || ':' || ifnull(ReceiverRating, '-'), '|'), '') FROM Exchanges)
                || '#' || (SELECT count(*) FROM ExchangeTransitions)
                || '#' || (SELECT count(*) FROM LedgerEntries)
                || '#' || (SELECT ifnull(group_concat(Id || ':' || Status, '|'), '') FROM LedgerHolds)
                || '#' || (SELECT ifnull(group_concat(Id || ':' || DebitsPostedMinutes || ':' || CreditsPostedMinutes || ':' || DebitsPendingMinutes || ':' || CreditsPendingMinutes, '|'), '') FROM LedgerAccounts)
                || '#' || (SELECT count(*) FROM Outbox)
            """;
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>How many ledger entries name this exchange (by its database id) as their cause.</summary>
    public long EntriesOf(string exchangeId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM LedgerEntries WHERE CauseType = 'exchange' AND CauseId = $id";
        command.Parameters.AddWithValue("$id", KeyOf(exchangeId));
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// What the ledger holds for an exchange: how many entries and holds the whole ledger has, and the status of the
    /// exchange's own hold (null without one). Compared before and after a step, it tells what the step wrote.
    /// </summary>
    public (long Entries, long Holds, string? HoldStatus) LedgerAround(string? exchangeId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM LedgerEntries), (SELECT count(*) FROM LedgerHolds),
                (SELECT h.Status FROM Exchanges e JOIN LedgerHolds h ON h.Id = e.HoldId WHERE e.Id = $id)
            """;
        command.Parameters.AddWithValue("$id", exchangeId is null ? DBNull.Value : KeyOf(exchangeId));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>How many ledger entries recorded exchanges made (the cause of every exchange, naming the recording).</summary>
    public long EntriesOfRecorded()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM LedgerEntries WHERE CauseType = 'exchange' AND CauseId LIKE 'record:%'";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The cause type and id of a ledger entry.</summary>
    public (string? Type, string? Id) CauseOf(long entrySequence)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CauseType, CauseId FROM LedgerEntries WHERE Sequence = $sequence";
        command.Parameters.AddWithValue("$sequence", entrySequence);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : throw new ArgumentException($"no entry {entrySequence}");
    }

    public static string KeyOf(string globalId) => TimeBank.GraphQL.Relay.GlobalId.TryDecode<long>(globalId, "Exchange", out var key)
        ? key.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : throw new ArgumentException(globalId);

    /// <summary>The member's balance and available minutes, read from the ledger.</summary>
    public async Task<(long Balance, long Available)> AccountOfAsync(string person)
    {
        var response = await App.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on Member { account { balanceMinutes availableMinutes } } } }",
            new { id = Member(person) }, Token(person));
        var account = response["data"]!["node"]!["account"]!;
        return ((long)account["balanceMinutes"]!, (long)account["availableMinutes"]!);
    }

    public async Task<IReadOnlyList<LedgerDiscrepancy>> ReconcileAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        return await db.ReconcileLedgerAsync();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        return connection;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
