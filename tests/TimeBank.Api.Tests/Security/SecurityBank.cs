using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The people every security test plays, made over the API in a database of the test class's own.
/// "riverside": its coordinator, maria and tom (the two sides of most exchanges), nina (a member with no part in
/// anything), audrey (an auditor), sam (suspended) and an applicant. "hillside": its own coordinator and hal.
/// Person names are riverside's; "other-coordinator" is hillside's coordinator and "" is anonymous.
/// </summary>
public sealed class SecurityBank : IAsyncLifetime
{
    /// <summary>What a mutation's payload object is read as, by payload type; other payloads are read for their errors only.</summary>
    private static readonly Dictionary<string, string> PayloadSelections = new()
    {
        ["ExchangePayload"] = "exchange { " + ExchangeFields + " }",
        ["ListingPayload"] = "listing { id status title description tags estimatedMinutes neighbourhood expiresAt owner { displayName } }",
        ["MatchPayload"] = "match { id score }",
        ["GiftPayload"] = "donor { displayName } entrySequence minutes",
        ["PledgePayload"] = "pledge { id status minutes member { displayName } }",
        ["ContributionPayload"] = "contribution { id status minutes contributor { displayName } }",
        ["ChallengePayload"] = "challenge { id status lead { displayName } timeline(first: 20) { nodes { action principal { displayName } } } }",
        ["GroupExchangePayload"] = "groupExchange { id status shares { id status receiver { displayName } timeline { action principal { displayName } } } }",
    };

    public const string ExchangeFields =
        "id status agreedMinutes actualMinutes completionNote disputeReason settlementEntrySequence proposedBy " +
        "provider { displayName } receiver { displayName } providerFeedback { rating note } receiverFeedback { rating note } " +
        "timeline { fromStatus toStatus action bySystem principal { displayName } minutes note }";

    private readonly Dictionary<string, string> _made = [];

    private Dictionary<string, MutationShape>? _mutations;

    public TimeBankApplication App { get; } = new();

    public string AdminToken { get; private set; } = "";

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public string ApplicantId { get; private set; } = "";

    public string CategoryId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, AdminToken, "riverside", "maria", "tom", "nina", "audrey", "sam");
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside", "hal");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Member("audrey"), coordinator = false, auditor = true } }, AdminToken), "setMemberRoles");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { errors { code message } } }",
            new { input = new { memberId = Member("sam") } }, Token("coordinator")), "suspendMember");
        ApplicantId = await TestCommunity.JoinAsync(App, await App.RegisterAsync("applicant@test.local"), Riverside.Id, "Applicant");
        var community = await App.GraphQLAsync("query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug = "riverside" }, AdminToken);
        CategoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]!;
    }

    public string? Token(string person) => person switch
    {
        "" => null,
        "admin" => AdminToken,
        "other-coordinator" => Hillside.People["coordinator"].Token,
        "hal" => Hillside.People["hal"].Token,
        _ => Riverside.People[person].Token,
    };

    public string Member(string person) => person == "hal" ? Hillside.People["hal"].MemberId : Riverside.People[person].MemberId;

    /// <summary>Every field of the running API's Mutation type, with its input's fields and its payload type.</summary>
    public Task<IReadOnlyDictionary<string, MutationShape>> MutationsAsync()
    {
        if (_mutations is null)
        {
            var schema = App.Services.GetRequiredService<TimeBankSchema>();
            schema.Initialize();
            _mutations = schema.Mutation!.Fields.ToDictionary(f => f.Name, f =>
            {
                var input = (IInputObjectGraphType)f.Arguments!.Find("input")!.ResolvedType!.GetNamedType();
                return new MutationShape(input.Name, [.. input.Fields.Select(i => i.Name)], f.ResolvedType!.GetNamedType().Name);
            });
        }
        return Task.FromResult<IReadOnlyDictionary<string, MutationShape>>(_mutations);
    }

    /// <summary>Runs a mutation as <paramref name="person"/>; the payload comes back with its object (if it has one) and errors.</summary>
    public async Task<JsonObject> MutateAsync(string mutation, string person, object input)
    {
        var shape = (await MutationsAsync())[mutation];
        var selection = PayloadSelections.GetValueOrDefault(shape.PayloadType, "");
        return await App.GraphQLAsync(
            $"mutation($input: {shape.InputType}!) {{ {mutation}(input: $input) {{ {selection} errors {{ code message path }} }} }}",
            new { input }, Token(person));
    }

    /// <summary>Runs a mutation that must succeed and returns its payload.</summary>
    public async Task<JsonNode> OkAsync(string mutation, string person, object input) => TestCommunity.Ok(await MutateAsync(mutation, person, input), mutation);

    /// <summary>The payload's one error code, failing the test when there is no error or more than one.</summary>
    public static string ErrorCode(JsonObject response, string mutation)
    {
        var errors = response["data"]?[mutation]?["errors"]?.AsArray();
        Assert.True(errors is [_], response.ToJsonString());
        return (string)errors[0]!["code"]!;
    }

    /// <summary>
    /// A fresh exchange brought to <paramref name="status"/>, each step taken by the person it belongs to: the
    /// proposer's counterpart accepts, the provider completes (for <paramref name="completedMinutes"/>), the receiver
    /// acknowledges or disputes, the coordinator resolves for half the completed minutes.
    /// </summary>
    public async Task<string> ExchangeAsync(
        string status, string receiver = "maria", string provider = "tom", string? proposer = null, int minutes = 60, int completedMinutes = 30)
    {
        proposer ??= receiver;
        var counterpart = proposer == receiver ? provider : receiver;
        var proposed = await OkAsync("proposeExchange", proposer, new
        {
            counterpartMemberId = Member(counterpart),
            myRole = proposer == receiver ? "RECEIVER" : "PROVIDER",
            minutes,
        });
        var id = (string)proposed["exchange"]!["id"]!;
        (string Mutation, string Person, object Input)[] completed =
        [
            ("acceptExchange", counterpart, new { exchangeId = id }),
            ("completeExchange", provider, new { exchangeId = id, minutes = completedMinutes }),
        ];
        (string, string, object)[] disputed = [.. completed, ("disputeExchange", receiver, new { exchangeId = id, reason = "it took less" })];
        (string, string, object)[] path = status switch
        {
            "REQUESTED" => [],
            "ACCEPTED" => completed[..1],
            "COMPLETED" => completed,
            "DISPUTED" => disputed,
            "SETTLED" => [.. completed, ("acknowledgeExchange", receiver, new { exchangeId = id })],
            "RESOLVED" => [.. disputed, ("resolveDispute", "coordinator", new { exchangeId = id, minutes = completedMinutes / 2 })],
            "DECLINED" => [("declineExchange", counterpart, new { exchangeId = id })],
            "CANCELLED" => [("cancelExchange", receiver, new { exchangeId = id })],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var (mutation, person, input) in path)
        {
            await OkAsync(mutation, person, input);
        }
        return id;
    }

    /// <summary>
    /// Something made once per fixture under <paramref name="key"/> and shared by the tests that only try to change it:
    /// refused calls leave it as it was.
    /// </summary>
    public async Task<string> OnceAsync(string key, Func<Task<string>> make)
    {
        if (!_made.TryGetValue(key, out var id))
        {
            _made[key] = id = await make();
        }
        return id;
    }

    /// <summary>An open listing of <paramref name="person"/> in riverside; returns its ID.</summary>
    public async Task<string> ListingAsync(string person, string kind, string title = "garden help", string[]? tags = null)
    {
        var created = await OkAsync("createListing", person, new { communityId = Riverside.Id, kind, title, categoryId = CategoryId, estimatedMinutes = 60, tags });
        return (string)created["listing"]!["id"]!;
    }

    /// <summary>A match between a request of <paramref name="requester"/> and an offer of <paramref name="offerer"/>; returns its ID.</summary>
    public async Task<string> MatchAsync(string requester, string offerer, string words)
    {
        await ListingAsync(requester, "REQUEST", words, [words.Split(' ')[0]]);
        await ListingAsync(offerer, "OFFER", words, [words.Split(' ')[0]]);
        var matches = await App.GraphQLAsync("{ myMatches(first: 50) { nodes { id offer { title } } } }", token: Token(requester));
        return (string)matches["data"]!["myMatches"]!["nodes"]!.AsArray().First(m => (string?)m!["offer"]!["title"] == words)!["id"]!;
    }

    /// <summary>An exchange as it stands now, read by the admin.</summary>
    public async Task<JsonNode> ReadExchangeAsync(string id)
    {
        var response = await App.GraphQLAsync($"query($id: ID!) {{ node(id: $id) {{ ... on Exchange {{ {ExchangeFields} }} }} }}", new { id }, AdminToken);
        return response["data"]!["node"]!;
    }

    public async Task<IReadOnlyList<LedgerDiscrepancy>> ReconcileAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        return await db.ReconcileLedgerAsync();
    }

    /// <summary>
    /// Every row of every table (the ledger, exchanges, listings, matches, members, the outbox, search indexes, any table
    /// added later), one line per table: a refused request leaves this as it was, and a failure names the table it changed.
    /// </summary>
    public string Fingerprint() => DatabaseFingerprint.Of(App);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>A mutation as the schema declares it: its input type and that type's fields, and its payload type.</summary>
public sealed record MutationShape(string InputType, IReadOnlyList<string> InputFields, string PayloadType);
