using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary><c>trialBalance</c>: per kind and in total, zero in total, equal to the accounts' balances now and at a past time.</summary>
public sealed class TrialBalanceQueryTests(AuditFixture audit) : IClassFixture<AuditFixture>
{
    private const string Query = """
        query($communityId: ID!, $asOf: DateTime) {
          trialBalance(communityId: $communityId, asOf: $asOf) {
            asOf throughSequence balanced
            kinds { kind accounts debitBalanceMinutes creditBalanceMinutes netMinutes }
            total { accounts debitBalanceMinutes creditBalanceMinutes netMinutes }
          }
        }
        """;

    private const string Accounts = """
        query($communityId: ID!) { ledgerAccounts(communityId: $communityId, first: 100) { totalCount nodes { kind balanceMinutes } } }
        """;

    [Theory]
    [InlineData("auditor")]
    [InlineData("coordinator")]
    [InlineData("admin")]
    public async Task SumsToZeroAndEqualsTheAccountsBalances(string who)
    {
        var balance = await TrialBalanceAsync(who, asOf: null);
        var accounts = (await audit.QueryAsync(who, Accounts, new { communityId = audit.Bank.Riverside.Id }))["data"]!["ledgerAccounts"]!;
        var balances = accounts["nodes"]!.AsArray().Select(n => (Kind: (string)n!["kind"]!, Minutes: (long)n["balanceMinutes"]!)).ToList();

        Assert.True((bool)balance["balanced"]!);
        Assert.Equal(0, (long)balance["total"]!["netMinutes"]!);
        Assert.Equal((int)accounts["totalCount"]!, (int)balance["total"]!["accounts"]!);
        Assert.Equal(balances.Where(b => b.Minutes < 0).Sum(b => -b.Minutes), (long)balance["total"]!["debitBalanceMinutes"]!);
        Assert.Equal(balances.Where(b => b.Minutes > 0).Sum(b => b.Minutes), (long)balance["total"]!["creditBalanceMinutes"]!);
        foreach (var line in balance["kinds"]!.AsArray())
        {
            Assert.Equal(balances.Where(b => b.Kind == (string)line!["kind"]!).Sum(b => b.Minutes), (long)line!["netMinutes"]!);
        }
        // Six members were granted 60 minutes each out of issuance.
        var issuance = balance["kinds"]!.AsArray().Single(l => (string)l!["kind"]! == "ISSUANCE")!;
        Assert.Equal((1, 360L), ((int)issuance["accounts"]!, (long)issuance["debitBalanceMinutes"]!));
    }

    [Fact]
    public async Task AsOfAPastTimeShowsTheBalancesThen()
    {
        var before = audit.App.Clock.GetUtcNow();
        audit.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await audit.Bank.OkAsync("recordExchange", "sam", new { providerMemberId = audit.Bank.Member("tom"), minutes = 30, description = "carried boxes" });

        var then = await TrialBalanceAsync("auditor", before.UtcDateTime);
        var now = await TrialBalanceAsync("auditor", audit.App.Clock.GetUtcNow().UtcDateTime);

        var members = (JsonNode line) => line["kinds"]!.AsArray().Single(l => (string)l!["kind"]! == "MEMBER")!;
        Assert.Equal(0, (long)then["total"]!["netMinutes"]!);
        Assert.Equal(0, (long)now["total"]!["netMinutes"]!);
        Assert.True((long)now["throughSequence"]! > (long)then["throughSequence"]!);
        // Sam went 30 minutes further down (from 60 to 30) and tom 30 up: the debit balances of members stay, credits do not.
        Assert.Equal((long)members(then)["creditBalanceMinutes"]!, (long)members(now)["creditBalanceMinutes"]!);
        Assert.Equal((await TrialBalanceAsync("auditor", asOf: null))["total"]!.ToJsonString(), now["total"]!.ToJsonString());
    }

    private async Task<JsonNode> TrialBalanceAsync(string who, DateTime? asOf)
    {
        var response = await audit.QueryAsync(who, Query, new { communityId = audit.Bank.Riverside.Id, asOf });
        return response["data"]?["trialBalance"] ?? throw new InvalidOperationException(response.ToJsonString());
    }
}
