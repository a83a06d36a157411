using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// <c>closePeriod</c> and <c>periodCloses</c>: a coordinator closes the books up to a time; the close keeps every
/// account's balance and the chain head, answers again the same, and refuses a time already closed or in the future;
/// what is written afterwards is dated after it.
/// </summary>
public sealed class ClosePeriodTests(AuditTrailFixture bank) : IClassFixture<AuditTrailFixture>
{
    private const string Close = "periodClose { id endsAt lastSequence chainHeadHash }";

    [Fact]
    public async Task AClosedPeriodKeepsItsBalancesAndIsNotClosedAgainOrInTheFuture()
    {
        var lakeside = await TestCommunity.CreateAsync(bank.App, bank.AdminToken, "shoreline", "una", "val");
        var endsAt = bank.App.Clock.GetUtcNow();

        var closed = await Coordinator(lakeside, "closePeriod", new { communityId = lakeside.Id, endsAt }, Close);
        var again = await Coordinator(lakeside, "closePeriod", new { communityId = lakeside.Id, endsAt }, Close);
        var earlier = await Coordinator(lakeside, "closePeriod", new { communityId = lakeside.Id, endsAt = endsAt.AddMinutes(-1) }, "");
        var future = await Coordinator(lakeside, "closePeriod", new { communityId = lakeside.Id, endsAt = endsAt.AddMinutes(1) }, "");
        var recorded = await Coordinator(lakeside, "recordExchange", new { providerMemberId = lakeside.People["val"].MemberId, minutes = 10, onBehalfOfMemberId = lakeside.People["una"].MemberId }, "");

        var close = closed["periodClose"]!;
        Assert.Empty(closed["errors"]!.AsArray());
        Assert.Equal(close.ToJsonString(), again["periodClose"]!.ToJsonString());
        Assert.Matches("^[0-9a-f]{64}$", (string)close["chainHeadHash"]!);
        var balances = (await bank.App.GraphQLAsync("query($id: ID!) { periodBalances(periodCloseId: $id, first: 100) { totalCount nodes { balanceMinutes account { id } } } }",
            new { id = (string)close["id"]! }, bank.Token("admin")))["data"]!["periodBalances"]!;
        // Issuance, fund and the three members' accounts: the grants moved 180 minutes out of issuance.
        Assert.Equal(5, (int)balances["totalCount"]!);
        Assert.Equal(0, balances["nodes"]!.AsArray().Sum(b => (long)b!["balanceMinutes"]!));
        Assert.All(balances["nodes"]!.AsArray(), b => Assert.NotNull(b!["account"]));
        Assert.Equal("PERIOD_CLOSED", (string?)earlier["errors"]![0]!["code"]);
        Assert.Equal("INVALID_INPUT", (string?)future["errors"]![0]!["code"]);
        // What is written after the close is dated after it, even on a clock that stands still (reverseEntry's tests show an entry dated inside refused).
        Assert.Empty(recorded["errors"]!.AsArray());
        var closes = await bank.App.GraphQLAsync("query($id: ID!) { periodCloses(communityId: $id) { id lastSequence } }", new { id = lakeside.Id }, lakeside.People["coordinator"].Token);
        Assert.Equal((string?)close["id"], (string?)Assert.Single(closes["data"]!["periodCloses"]!.AsArray())!["id"]);
        var record = Assert.Single(await bank.RecordsAsync("period", AuditTrailFixture.Key((string)close["id"]!, "PeriodClose")));
        Assert.Equal("period.close", record.Action);
        bank.App.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> Coordinator(TestCommunity community, string mutation, object input, string selection) =>
        (await bank.App.GraphQLAsync(MutationDocument.For(mutation, selection + " errors { code message }"), new { input }, community.People["coordinator"].Token))["data"]![mutation]!;
}
