using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The on-behalf rule: a coordinator may act for a member, but never in a transaction where the coordinator is the
/// other party. Each on-behalf mutation is tried twice by riverside's coordinator for maria: once with the coordinator
/// as the other party (refused, nothing changed), once with tom as the other party (allowed, recorded as done for
/// maria). The rows are checked against the live schema: a mutation whose input names a member to act for
/// (<see cref="OnBehalfFields"/>) or an exchange to take a step on needs a row here, so a new one cannot slip by.
/// To cover a new on-behalf mutation, add one line to <see cref="Rules"/>.
/// </summary>
public sealed class OnBehalfRuleTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    /// <summary>Input fields that make a mutation one a coordinator may take for someone else.</summary>
    private static readonly string[] OnBehalfFields = ["onBehalfOfMemberId", "ownerMemberId", "exchangeId"];

    private const string Refused = "FORBIDDEN";

    /// <summary>
    /// A row: the mutation; the input with the coordinator as the other party (null where there is no other party)
    /// and what happens then; the input with tom as the other party and what happens then. "as:NAME" means it
    /// succeeds and the record names NAME as the member it was done for; a code means refused with it.
    /// </summary>
    private sealed record Rule(
        string Mutation, Func<SecurityBank, Task<object>>? WithCoordinatorAsOtherParty, string ThenCoordinatorCase,
        Func<SecurityBank, Task<object>> WithThirdParty, string ThenThirdPartyCase);

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["record"] = new("recordExchange",
            Now(b => new { providerMemberId = b.Member("coordinator"), onBehalfOfMemberId = b.Member("maria"), minutes = 600 }), Refused,
            Now(b => new { providerMemberId = b.Member("tom"), onBehalfOfMemberId = b.Member("maria"), minutes = 30 }), "as:maria"),
        ["propose as receiver"] = new("proposeExchange",
            Now(b => new { counterpartMemberId = b.Member("coordinator"), myRole = "RECEIVER", minutes = 30, onBehalfOfMemberId = b.Member("maria") }), Refused,
            Now(b => new { counterpartMemberId = b.Member("tom"), myRole = "RECEIVER", minutes = 30, onBehalfOfMemberId = b.Member("maria") }), "as:maria"),
        ["propose as provider"] = new("proposeExchange",
            Now(b => new { counterpartMemberId = b.Member("coordinator"), myRole = "PROVIDER", minutes = 30, onBehalfOfMemberId = b.Member("maria") }), Refused,
            Now(b => new { counterpartMemberId = b.Member("tom"), myRole = "PROVIDER", minutes = 30, onBehalfOfMemberId = b.Member("maria") }), "as:maria"),
        ["offer help"] = new("offerHelp",
            async b => new { listingId = await b.ListingAsync("coordinator", "REQUEST"), onBehalfOfMemberId = b.Member("maria") }, Refused,
            async b => new { listingId = await b.ListingAsync("tom", "REQUEST"), onBehalfOfMemberId = b.Member("maria") }, "as:maria"),
        ["request"] = new("requestExchange",
            async b => new { listingId = await b.ListingAsync("coordinator", "OFFER"), onBehalfOfMemberId = b.Member("maria") }, Refused,
            async b => new { listingId = await b.ListingAsync("tom", "OFFER"), onBehalfOfMemberId = b.Member("maria") }, "as:maria"),
        // A group exchange for maria as provider: never with the coordinator among the receivers.
        ["propose a group"] = new("proposeGroupExchange",
            Now(b => new { communityId = b.Riverside.Id, description = "sewing", onBehalfOfMemberId = b.Member("maria"), shares = GroupShares(b, "tom", "coordinator") }),
            Refused,
            Now(b => new { communityId = b.Riverside.Id, description = "sewing", onBehalfOfMemberId = b.Member("maria"), shares = GroupShares(b, "tom", "nina") }),
            "as:maria"),
        // A listing has no other party: listing for a member moves no minutes (answering it starts an exchange, rows above).
        // A challenge has no other party: proposing one for a member moves no minutes.
        ["propose a challenge"] = new("proposeChallenge", null, "",
            Now(b => new { communityId = b.Riverside.Id, title = "river clean-up", needs = new[] { new { categoryId = b.CategoryId, minutes = 60 } }, onBehalfOfMemberId = b.Member("maria") }),
            "as:maria"),
        // The lead of a challenge decides what its pool pays: a coordinator who leads one gives to it only as themself.
        ["donate to a challenge"] = new("donateToChallenge",
            async b => new { challengeId = await PoolWrongPersonTests.LedByAsync(b, "coordinator"), minutes = 10, onBehalfOfMemberId = b.Member("maria") }, Refused,
            async b => new { challengeId = await PoolWrongPersonTests.LedByAsync(b, "tom"), minutes = 10, onBehalfOfMemberId = b.Member("maria") }, "as:maria"),
        // Pledges and logged work have no other party either: they move no minutes until someone else verifies the work.
        ["pledge"] = new("pledgeToChallenge", null, "",
            async b => new { challengeId = await ContributionWrongPersonTests.OpenAsync(b), categoryId = b.CategoryId, minutes = 30, onBehalfOfMemberId = b.Member("maria") },
            "as:maria"),
        ["log work"] = new("logContribution", null, "",
            async b => new { challengeId = await ContributionWrongPersonTests.OpenAsync(b), categoryId = b.CategoryId, minutes = 30, onBehalfOfMemberId = b.Member("maria") },
            "as:maria"),
        ["list"] = new("createListing", null, "",
            Now(b => new { communityId = b.Riverside.Id, kind = "OFFER", title = "ironing", categoryId = b.CategoryId, ownerMemberId = b.Member("maria") }), "as:maria"),
        ["accept"] = new("acceptExchange",
            async b => new { exchangeId = await b.ExchangeAsync("REQUESTED", receiver: "maria", provider: "coordinator", proposer: "coordinator") }, Refused,
            async b => new { exchangeId = await b.ExchangeAsync("REQUESTED", receiver: "tom", provider: "maria", proposer: "tom") }, "as:maria"),
        ["decline"] = new("declineExchange",
            async b => new { exchangeId = await b.ExchangeAsync("REQUESTED", receiver: "maria", provider: "coordinator", proposer: "coordinator") }, Refused,
            async b => new { exchangeId = await b.ExchangeAsync("REQUESTED", receiver: "tom", provider: "maria", proposer: "tom") }, "as:maria"),
        // Either party may call an exchange off: a coordinator who is one does so as themself, never for the other side.
        ["cancel"] = new("cancelExchange",
            async b => new { exchangeId = await b.ExchangeAsync("ACCEPTED", receiver: "maria", provider: "coordinator", proposer: "coordinator") }, "as:coordinator",
            async b => new { exchangeId = await b.ExchangeAsync("ACCEPTED", receiver: "tom", provider: "maria") }, "as:maria"),
        ["complete"] = new("completeExchange",
            async b => new { exchangeId = await b.ExchangeAsync("ACCEPTED", receiver: "coordinator", provider: "maria"), minutes = 60 }, Refused,
            async b => new { exchangeId = await b.ExchangeAsync("ACCEPTED", receiver: "tom", provider: "maria"), minutes = 60 }, "as:maria"),
        ["acknowledge"] = new("acknowledgeExchange",
            async b => new { exchangeId = await b.ExchangeAsync("COMPLETED", receiver: "maria", provider: "coordinator") }, Refused,
            async b => new { exchangeId = await b.ExchangeAsync("COMPLETED", receiver: "maria", provider: "tom") }, "as:maria"),
        ["dispute"] = new("disputeExchange",
            async b => new { exchangeId = await b.ExchangeAsync("COMPLETED", receiver: "maria", provider: "coordinator"), reason = "too long" }, Refused,
            async b => new { exchangeId = await b.ExchangeAsync("COMPLETED", receiver: "maria", provider: "tom"), reason = "too long" }, "as:maria"),
        // Resolving is the coordinator's own decision, for nobody: never on an exchange of their own.
        ["resolve"] = new("resolveDispute",
            async b => new { exchangeId = await b.ExchangeAsync("DISPUTED", receiver: "maria", provider: "coordinator"), minutes = 10 }, Refused,
            async b => new { exchangeId = await b.ExchangeAsync("DISPUTED", receiver: "maria", provider: "tom"), minutes = 10 }, "as:coordinator"),
        // Feedback is each side's own word: a coordinator never gives it for someone, and gives their own as themself.
        ["feedback"] = new("leaveFeedback",
            async b => new { exchangeId = await b.ExchangeAsync("SETTLED", receiver: "maria", provider: "coordinator"), rating = 5 }, "as:coordinator",
            async b => new { exchangeId = await b.ExchangeAsync("SETTLED", receiver: "maria", provider: "tom"), rating = 5 }, Refused),
    };

    private static object[] GroupShares(SecurityBank b, params string[] receivers) =>
        [.. receivers.Select(r => new { receiverMemberId = b.Member(r), minutes = 30 })];

    private static Func<SecurityBank, Task<object>> Now(Func<SecurityBank, object> input) => b => Task.FromResult(input(b));

    public static TheoryData<string> Names => [.. Rules.Keys];

    public static TheoryData<string> NamesWithOtherParty => [.. Rules.Where(r => r.Value.WithCoordinatorAsOtherParty is not null).Select(r => r.Key)];

    [Fact]
    public async Task EveryOnBehalfMutationOfTheSchemaHasARow()
    {
        var mutations = await bank.MutationsAsync();
        var onBehalf = mutations.Where(m => m.Value.InputFields.Intersect(OnBehalfFields).Any()).Select(m => m.Key);

        Assert.Empty(onBehalf.Except(Rules.Values.Select(r => r.Mutation)));
        Assert.Empty(Rules.Values.Select(r => r.Mutation).Except(mutations.Keys));
    }

    [Theory]
    [MemberData(nameof(NamesWithOtherParty))]
    public async Task WithTheCoordinatorAsTheOtherParty(string name)
    {
        var rule = Rules[name];
        await AssertAsync(rule.Mutation, await rule.WithCoordinatorAsOtherParty!(bank), rule.ThenCoordinatorCase, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task WithTheCoordinatorAsAThirdParty(string name)
    {
        var rule = Rules[name];
        await AssertAsync(rule.Mutation, await rule.WithThirdParty(bank), rule.ThenThirdPartyCase, name);
    }

    private async Task AssertAsync(string mutation, object input, string expected, string name)
    {
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, "coordinator", input);

        if (!expected.StartsWith("as:", StringComparison.Ordinal))
        {
            Assert.Equal(expected, SecurityBank.ErrorCode(response, mutation));
            Assert.True(before == bank.Fingerprint(), $"{name}: refused, yet something changed");
            return;
        }
        var payload = TestCommunity.Ok(response, mutation);
        var member = expected["as:".Length..];
        Assert.Equal(member, PrincipalOf(payload));
    }

    /// <summary>Whom the change was made for: a listing's owner, or the member named on the latest step of the exchange (or a group's first share).</summary>
    private static string? PrincipalOf(JsonNode payload) => payload["listing"] is { } listing
        ? (string?)listing["owner"]!["displayName"]
        : payload["donor"] is { } donor
        ? (string?)donor["displayName"]
        : payload["pledge"] is { } pledge
        ? (string?)pledge["member"]!["displayName"]
        : payload["contribution"] is { } contribution
        ? (string?)contribution["contributor"]!["displayName"]
        : payload["challenge"] is { } challenge
        ? (string?)challenge["timeline"]!["nodes"]!.AsArray()[^1]!["principal"]?["displayName"]
        : (string?)(payload["exchange"] ?? payload["groupExchange"]!["shares"]![0]!)["timeline"]!.AsArray()[^1]!["principal"]?["displayName"];
}
