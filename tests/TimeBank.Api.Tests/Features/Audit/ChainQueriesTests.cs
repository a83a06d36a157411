using TimeBank.Api.Tests.Features.Exchanges;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary><c>reconcile</c> and <c>verifyChain</c>: the community's auditors and coordinators (and admins) only.</summary>
public sealed class ChainQueriesTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private const string Reconcile = """
        query($communityId: ID!) { reconcile(communityId: $communityId) {
          clean discrepancyCount discrepancies { kind detail entrySequence entryId accountId recordType recordId }
          entriesChecked postingsChecked accountsChecked holdsChecked periodClosesChecked linksChecked chainHead { position hash } durationMs } }
        """;

    private const string VerifyChain = """
        query($communityId: ID!, $from: Long, $to: Long) { verifyChain(communityId: $communityId, from: $from, to: $to) {
          valid linksChecked firstBrokenPosition recordType recordId entryId reason head { position hash } } }
        """;

    [Theory]
    [InlineData("audrey")]
    [InlineData("coordinator")]
    [InlineData("admin")]
    public async Task TheCommunitysAuditorsCoordinatorsAndAdminsReconcileIt(string who)
    {
        var response = await bank.App.GraphQLAsync(Reconcile, new { communityId = bank.Riverside.Id }, TokenOf(who));

        var reconciliation = response["data"]!["reconcile"]!;
        Assert.True((bool)reconciliation["clean"]!, response.ToJsonString());
        Assert.Equal(0, (int)reconciliation["discrepancyCount"]!);
        // Six members' joining grants, each an entry of two postings, and a link for every account and entry.
        Assert.Equal(6, (long)reconciliation["entriesChecked"]!);
        Assert.Equal(12, (long)reconciliation["postingsChecked"]!);
        var accounts = (long)reconciliation["accountsChecked"]!;
        Assert.Equal(accounts + 6, (long)reconciliation["linksChecked"]!);
        Assert.Equal(accounts + 6, (long)reconciliation["chainHead"]!["position"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string?)reconciliation["chainHead"]!["hash"]);
    }

    [Fact]
    public async Task VerifyChainGivesTheSameHeadAndAcceptsARange()
    {
        var reconciled = (await bank.App.GraphQLAsync(Reconcile, new { communityId = bank.Riverside.Id }, TokenOf("audrey")))["data"]!["reconcile"]!;

        var whole = (await bank.App.GraphQLAsync(VerifyChain, new { communityId = bank.Riverside.Id, from = (long?)null, to = (long?)null }, TokenOf("audrey")))["data"]!["verifyChain"]!;
        var range = (await bank.App.GraphQLAsync(VerifyChain, new { communityId = bank.Riverside.Id, from = 2L, to = 4L }, TokenOf("audrey")))["data"]!["verifyChain"]!;

        Assert.True((bool)whole["valid"]!);
        Assert.Null(whole["firstBrokenPosition"]);
        Assert.Equal(reconciled["chainHead"]!.ToJsonString(), whole["head"]!.ToJsonString());
        Assert.Equal((true, 3L), ((bool)range["valid"]!, (long)range["linksChecked"]!));
    }

    [Theory]
    [InlineData(0L, 3L)]
    [InlineData(5L, 4L)]
    public async Task RefusesARangeThatIsNotOne(long from, long to)
    {
        var response = await bank.App.GraphQLAsync(VerifyChain, new { communityId = bank.Riverside.Id, from, to }, TokenOf("audrey"));

        Assert.Equal("INVALID_INPUT", (string?)response["errors"]![0]!["extensions"]!["code"]);
    }

    [Theory]
    [InlineData("maria", "FORBIDDEN")]
    [InlineData("outsider", "NOT_FOUND")]
    [InlineData("hillside-coordinator", "NOT_FOUND")]
    [InlineData("anonymous", "UNAUTHENTICATED")]
    public async Task OthersAreRefused(string who, string code)
    {
        foreach (var (query, variables) in new (string, object)[]
        {
            (Reconcile, new { communityId = bank.Riverside.Id }),
            (VerifyChain, new { communityId = bank.Riverside.Id, from = (long?)null, to = (long?)null }),
        })
        {
            var response = await bank.App.GraphQLAsync(query, variables, TokenOf(who));

            Assert.Null(response["data"]);
            Assert.Equal(code, (string?)response["errors"]![0]!["extensions"]!["code"]);
        }
    }

    [Fact]
    public async Task AnUnknownCommunityIsNotFoundEvenForAnAdmin()
    {
        var response = await bank.App.GraphQLAsync(Reconcile, new { communityId = TimeBank.GraphQL.Relay.GlobalId.Encode("Community", 999L) }, bank.AdminToken);

        Assert.Equal("NOT_FOUND", (string?)response["errors"]![0]!["extensions"]!["code"]);
    }

    private string? TokenOf(string who) => who switch
    {
        "admin" => bank.AdminToken,
        "anonymous" => null,
        "hillside-coordinator" => bank.Hillside.People["coordinator"].Token,
        _ => bank.Token(who),
    };
}
