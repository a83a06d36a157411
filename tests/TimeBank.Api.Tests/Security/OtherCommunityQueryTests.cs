using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// An auditor reads everything of her own community and nothing of another's. Every query that names a community or
/// an object of one is asked by audrey, riverside's auditor, about hillside: each is refused as the row says (null,
/// as for an ID that does not exist; an empty list; or a top-level NOT_FOUND or FORBIDDEN) and no row of any table
/// changes. The same query asked by hugo, hillside's own auditor, is answered: a row cannot pass by being broken.
/// <para>
/// A field of the Query type that takes an ID (as an argument, or inside an input object such as a filter) without a
/// row in <see cref="Reads"/> fails <see cref="EveryQueryTakingAnIdHasARow"/>: to cover a new query, add one line.
/// </para>
/// </summary>
public sealed class OtherCommunityQueryTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    private const string HillsideAuditor = "hugo";

    /// <summary>How a query refuses: <see cref="Kind"/> is "null" or "empty" at <see cref="Path"/> (dots between fields), or a top-level error code.</summary>
    private sealed record Refusal(string Kind, string Path = "")
    {
        public override string ToString() => Path.Length == 0 ? Kind : $"{Kind} at {Path}";
    }

    private static Refusal IsNull(string path) => new("null", path);

    private static Refusal IsEmpty(string path) => new("empty", path);

    private static Refusal Fails(string code) => new(code);

    /// <summary>A row: the Query field it covers, the document, its variables (hillside's things) and how audrey is refused.</summary>
    private sealed record Read(string Name, string Field, string Document, Func<SecurityBank, Task<object>> Variables, Refusal Refused);

    private static readonly Read[] Reads =
    [
        new("communityNeeds", "communityNeeds", "query($c: ID!) { communityNeeds(communityId: $c) { categories { openRequests } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("members", "members", "query($c: ID!) { members(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("FORBIDDEN")),
        new("listings", "listings", "query($c: ID!) { listings(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("FORBIDDEN")),
        new("community.fundAccount", "community", "query($slug: String!) { community(slug: $slug) { fundAccount { balanceMinutes } } }",
            _ => Task.FromResult<object>(new { slug = "hillside" }), IsNull("community.fundAccount")),
        new("exchange", "exchange", "query($id: ID!) { exchange(id: $id) { id } }", b => Hillside(b, h => new { id = h.Exchange }), IsNull("exchange")),
        new("groupExchange", "groupExchange", "query($id: ID!) { groupExchange(id: $id) { id } }", b => Hillside(b, h => new { id = h.GroupExchange }), IsNull("groupExchange")),
        new("node: groupExchange", "node", "query($id: ID!) { node(id: $id) { id } }", b => Hillside(b, h => new { id = h.GroupExchange }), IsNull("node")),
        new("member", "member", "query($id: ID!) { member(id: $id) { id } }", b => Hillside(b, h => new { id = h.Member }), IsNull("member")),
        new("node: exchange", "node", "query($id: ID!) { node(id: $id) { id } }", b => Hillside(b, h => new { id = h.Exchange }), IsNull("node")),
        new("node: listing", "node", "query($id: ID!) { node(id: $id) { id } }", b => Hillside(b, h => new { id = h.Listing }), IsNull("node")),
        new("node: member", "node", "query($id: ID!) { node(id: $id) { id } }", b => Hillside(b, h => new { id = h.Member }), IsNull("node")),
        new("nodes", "nodes", "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", b => Hillside(b, h => new { ids = new[] { h.Exchange } }), IsNull("nodes.0")),
        new("challenge", "challenge", "query($id: ID!) { challenge(id: $id) { id } }", b => HillsideChallenge(b, id => new { id }), IsNull("challenge")),
        new("node: challenge", "node", "query($id: ID!) { node(id: $id) { id } }", b => HillsideChallenge(b, id => new { id }), IsNull("node")),
        new("challenges", "challenges", "query($c: ID!) { challenges(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("myMatches", "myMatches", "query($c: ID) { myMatches(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), IsEmpty("myMatches.nodes")),
        new("myExchanges", "myExchanges", "query($c: ID) { myExchanges(filter: { communityId: $c }, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), IsEmpty("myExchanges.nodes")),

        // The auditor's workbench (issue 14), each asked about hillside's books.
        new("trialBalance", "trialBalance", "query($c: ID!) { trialBalance(communityId: $c) { balanced } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("ledgerAccounts", "ledgerAccounts", "query($c: ID!) { ledgerAccounts(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("accountBalance", "accountBalance", "query($a: ID!) { accountBalance(accountId: $a, asOf: \"2030-01-01T00:00:00Z\") { balanceMinutes } }",
            b => Hillside(b, h => new { a = h.Account }), IsNull("accountBalance")),
        new("journal", "journal", "query($c: ID!) { journal(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("entry", "entry", "query($id: ID!) { entry(id: $id) { id } }", b => Hillside(b, h => new { id = h.Entry }), IsNull("entry")),
        new("node: entry", "node", "query($id: ID!) { node(id: $id) { id } }", b => Hillside(b, h => new { id = h.Entry }), IsNull("node")),
        new("node: account", "node", "query($id: ID!) { node(id: $id) { id } }", b => Hillside(b, h => new { id = h.Account }), IsNull("node")),
        new("reconcile", "reconcile", "query($c: ID!) { reconcile(communityId: $c) { clean } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("verifyChain", "verifyChain", "query($c: ID!) { verifyChain(communityId: $c) { valid } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("auditTrail", "auditTrail", "query($c: ID!) { auditTrail(communityId: $c, first: 5) { nodes { id } } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("periodCloses", "periodCloses", "query($c: ID!) { periodCloses(communityId: $c) { endsAt } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
        new("periodBalances", "periodBalances", "query($p: ID!) { periodBalances(periodCloseId: $p, first: 5) { nodes { balanceMinutes } } }",
            b => Hillside(b, h => new { p = h.PeriodClose }), Fails("NOT_FOUND")),

        // Collective action (issue 15).
        new("communityImpact", "communityImpact",
            "query($c: ID!) { communityImpact(communityId: $c, from: \"2026-01-01T00:00:00Z\", to: \"2027-01-01T00:00:00Z\") { minutesExchanged } }",
            b => Hillside(b, h => new { c = h.Community }), Fails("NOT_FOUND")),
    ];

    public static TheoryData<string> Names() => [.. Reads.Select(r => r.Name)];

    [Fact]
    public void EveryQueryTakingAnIdHasARow()
    {
        var schema = bank.App.Services.GetRequiredService<TimeBankSchema>();
        schema.Initialize();

        var naming = schema.Query.Fields.Where(f => f.Arguments?.Any(a => TakesAnId(a.ResolvedType!, 0)) == true).Select(f => f.Name).ToList();

        var missing = naming.Except(Reads.Select(r => r.Field)).ToList();
        Assert.True(missing.Count == 0,
            $"No row for the quer{(missing.Count == 1 ? "y" : "ies")} {string.Join(", ", missing)}: add one to {nameof(OtherCommunityQueryTests)}.{nameof(Reads)} " +
            "(the query asked about hillside's things, and how riverside's auditor is refused).");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task AnotherCommunitysAuditorIsRefusedAndNothingChanges(string name)
    {
        var read = Reads.Single(r => r.Name == name);
        var variables = await read.Variables(bank);
        var before = bank.Fingerprint();

        var response = await bank.App.GraphQLAsync(read.Document, variables, bank.Token("audrey"));

        Assert.True(Matches(response, read.Refused), $"expected {read.Refused}: {response.ToJsonString()}");
        Assert.Equal(before, bank.Fingerprint());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task TheCommunitysOwnAuditorIsAnswered(string name)
    {
        var read = Reads.Single(r => r.Name == name);
        var variables = await read.Variables(bank);

        var response = await bank.App.GraphQLAsync(read.Document, variables, await HugoAsync(bank));

        Assert.True(response["errors"] is null, response.ToJsonString());
        // What audrey gets as null, hugo gets; her own lists ("empty") hold only her own matches and exchanges, as his do.
        Assert.True(read.Refused.Kind != "null" || At(response["data"], read.Refused.Path) is not null, response.ToJsonString());
    }

    private static bool Matches(JsonObject response, Refusal refused) => refused.Kind switch
    {
        "null" => response["errors"] is null && response["data"] is { } data && Resolves(data, refused.Path) && At(data, refused.Path) is null,
        "empty" => response["errors"] is null && At(response["data"], refused.Path) is JsonArray { Count: 0 },
        _ => response["errors"] is JsonArray { Count: 1 } errors && (string?)errors[0]?["extensions"]?["code"] == refused.Kind,
    };

    /// <summary>The value at a dotted path (array items by index), null when any step is missing or null.</summary>
    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var step in path.Split('.'))
        {
            node = node is JsonArray array ? (int.TryParse(step, out var i) && i < array.Count ? array[i] : null) : node?[step];
        }
        return node;
    }

    /// <summary>Every step but the last has a value: the null is the field's own answer, not a parent's.</summary>
    private static bool Resolves(JsonNode data, string path)
    {
        var steps = path.Split('.');
        return steps.Length == 1 || At(data, string.Join('.', steps[..^1])) is not null;
    }

    private static bool TakesAnId(IGraphType type, int depth) => type.GetNamedType() switch
    {
        IdGraphType => true,
        IInputObjectGraphType input when depth < 3 => input.Fields.Any(f => TakesAnId(f.ResolvedType!, depth + 1)),
        _ => false,
    };

    /// <summary>Hillside's things (made once): hal's exchange with its coordinator, hal's listing, hal himself.</summary>
    private sealed record HillsideThings(string Community, string Exchange, string Listing, string Member, string Entry, string Account, string PeriodClose)
    {
        public string GroupExchange { get; init; } = "";
    }

    private static async Task<object> Hillside(SecurityBank b, Func<HillsideThings, object> variables)
    {
        var exchange = await b.OnceAsync("hillside exchange", async () =>
        {
            var proposed = TestCommunity.Ok(await b.App.GraphQLAsync(MutationDocument.For("proposeExchange", "exchange { id } errors { code message }"),
                new { input = new { counterpartMemberId = b.Hillside.People["coordinator"].MemberId, myRole = "RECEIVER", minutes = 20 } }, b.Token("hal")),
                "proposeExchange");
            return (string)proposed["exchange"]!["id"]!;
        });
        var listing = await b.OnceAsync("hillside listing", async () =>
        {
            var community = await b.App.GraphQLAsync("{ community(slug: \"hillside\") { categories { id } } }", token: b.AdminToken);
            var created = TestCommunity.Ok(await b.App.GraphQLAsync(MutationDocument.For("createListing", "listing { id } errors { code message }"),
                new { input = new { communityId = b.Hillside.Id, kind = "OFFER", title = "hill walks", categoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]! } },
                b.Token("hal")), "createListing");
            return (string)created["listing"]!["id"]!;
        });
        var books = await b.OnceAsync("hillside books", async () =>
        {
            var read = await b.App.GraphQLAsync(
                "query($c: ID!) { journal(communityId: $c, first: 1) { nodes { id } } ledgerAccounts(communityId: $c, first: 1) { nodes { id } } }",
                new { c = b.Hillside.Id }, b.AdminToken);
            // The admin closes hillside's books before the fixture's first hour, so it has a period to read.
            var closed = TestCommunity.Ok(await b.App.GraphQLAsync(MutationDocument.For("closePeriod", "periodClose { id } errors { code message }"),
                new { input = new { communityId = b.Hillside.Id, endsAt = "2026-11-25T08:00:00Z" } }, b.AdminToken), "closePeriod");
            return (string)read["data"]!["journal"]!["nodes"]![0]!["id"]! + " " + (string)read["data"]!["ledgerAccounts"]!["nodes"]![0]!["id"]! +
                " " + (string)closed["periodClose"]!["id"]!;
        });
        // hal's workshop for hillside's coordinator and hana, a member who joins for it.
        var group = await b.OnceAsync("hillside group exchange", async () =>
        {
            var hana = await TestCommunity.JoinAsync(b.App, await b.App.RegisterAsync("hana.hillside@test.local"), b.Hillside.Id, "hana");
            await b.OkAsync("approveMember", "admin", new { memberId = hana });
            var proposed = TestCommunity.Ok(await b.App.GraphQLAsync(MutationDocument.For("proposeGroupExchange", "groupExchange { id } errors { code message }"),
                new
                {
                    input = new
                    {
                        communityId = b.Hillside.Id,
                        description = "hill walking basics",
                        shares = new[] { new { receiverMemberId = b.Hillside.People["coordinator"].MemberId, minutes = 20 }, new { receiverMemberId = hana, minutes = 20 } },
                    },
                }, b.Token("hal")), "proposeGroupExchange");
            return (string)proposed["groupExchange"]!["id"]!;
        });
        var ids = books.Split(' ');
        return variables(new HillsideThings(b.Hillside.Id, exchange, listing, b.Member("hal"), ids[0], ids[1], ids[2]) { GroupExchange = group });
    }

    /// <summary>A challenge hal proposed in hillside (made once).</summary>
    private static async Task<object> HillsideChallenge(SecurityBank b, Func<string, object> variables)
    {
        var id = await b.OnceAsync("hillside challenge", async () =>
        {
            var community = await b.App.GraphQLAsync("{ community(slug: \"hillside\") { categories { id } } }", token: b.AdminToken);
            var categoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]!;
            var proposed = TestCommunity.Ok(await b.App.GraphQLAsync(MutationDocument.For("proposeChallenge", "challenge { id } errors { code message }"),
                new { input = new { communityId = b.Hillside.Id, title = "hill paths", needs = new[] { new { categoryId, minutes = 60 } } } }, b.Token("hal")),
                "proposeChallenge");
            return (string)proposed["challenge"]!["id"]!;
        });
        return variables(id);
    }

    /// <summary>Hillside's auditor, made once: registered, admitted, given the role by the admin.</summary>
    private static Task<string> HugoAsync(SecurityBank b) => b.OnceAsync("hugo's token", async () =>
    {
        var token = await b.App.RegisterAsync($"{HillsideAuditor}.hillside@test.local");
        var memberId = await TestCommunity.JoinAsync(b.App, token, b.Hillside.Id, HillsideAuditor);
        await b.OkAsync("approveMember", "admin", new { memberId });
        await b.OkAsync("setMemberRoles", "admin", new { memberId, coordinator = false, auditor = true });
        return token;
    });
}
