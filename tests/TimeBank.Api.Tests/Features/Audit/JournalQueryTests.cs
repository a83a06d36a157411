using System.Text.Json.Nodes;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary><c>journal</c>: the community's entries with postings, filters, keyset pages both ways, a constant cost per page.</summary>
public sealed class JournalQueryTests(AuditFixture audit) : IClassFixture<AuditFixture>
{
    private const string Query = """
        query($communityId: ID!, $filter: JournalFilter, $order: JournalOrder, $first: Int, $after: String) {
          journal(communityId: $communityId, filter: $filter, order: $order, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { id sequence kind memo actor principal recordedAt
                    postings { index side minutes balanceAfterMinutes accountId account { kind owner { displayName } } }
                    reverses { sequence } reversedBy { sequence } cause { type id exchange { id } } hash previousHash chainPosition }
          }
        }
        """;

    [Fact]
    public async Task ShowsTheCommunitysEntriesOnlyNewestFirstWithTheirPostings()
    {
        var nodes = await NodesAsync("auditor", filter: null, first: 50);
        var sequences = nodes.Select(n => (long)n["sequence"]!).ToList();

        Assert.Equal(sequences.OrderDescending(), sequences);
        // Six joining grants and the settled exchange; hillside's grants are not in riverside's journal.
        Assert.Equal(6, nodes.Count(n => (string)n["kind"]! == "GRANT"));
        var settlement = nodes.Single(n => (string)n["kind"]! == "EXCHANGE");
        Assert.Equal(audit.SettledExchangeId, (string?)settlement["cause"]!["exchange"]!["id"]);
        Assert.Equal([("DEBIT", 45, "maria"), ("CREDIT", 45, "tom")],
            settlement["postings"]!.AsArray().Select(p => ((string)p!["side"]!, (int)p["minutes"]!, (string)p["account"]!["owner"]!["displayName"]!)));
        Assert.Equal([15, 105], settlement["postings"]!.AsArray().Select(p => (int)p!["balanceAfterMinutes"]!));
        // Every entry carries its link in the community's chain: a later link's previous hash is never its own hash.
        Assert.All(nodes, n => Assert.Matches("^[0-9a-f]{64}$", (string)n["hash"]!));
        Assert.All(nodes, n => Assert.Matches("^[0-9a-f]{64}$", (string)n["previousHash"]!));
        Assert.Equal(nodes.Count, nodes.Select(n => (string)n["hash"]!).Distinct().Count());
        var positions = nodes.Select(n => (long)n["chainPosition"]!).ToList();
        Assert.Equal(positions.OrderDescending(), positions);
    }

    [Fact]
    public async Task FiltersByKindAccountSequenceAndTime()
    {
        var all = await NodesAsync("auditor", filter: null, first: 50, order: "OLDEST_FIRST");
        var first = (long)all[0]["sequence"]!;
        var tom = await audit.AccountIdOfAsync("tom");

        Assert.Equal(["EXCHANGE"], (await NodesAsync("auditor", new { kinds = new[] { "EXCHANGE" }, toSequence = first + 100 })).Select(n => (string)n["kind"]!));
        Assert.Equal(["EXCHANGE", "GRANT"], (await NodesAsync("auditor", new { accountId = tom, kinds = new[] { "EXCHANGE", "GRANT" } })).Select(n => (string)n["kind"]!));
        Assert.Equal([first + 1, first + 2], (await NodesAsync("auditor", new { fromSequence = first + 1, toSequence = first + 2 }, order: "OLDEST_FIRST"))
            .Select(n => (long)n["sequence"]!));
        var recorded = (DateTime)all[^1]["recordedAt"]!;
        Assert.Equal(all.Count, (await NodesAsync("auditor", new { recordedFrom = recorded, recordedTo = recorded }, first: 50)).Count);
        Assert.Empty(await NodesAsync("auditor", new { recordedTo = recorded.AddSeconds(-1) }));
    }

    [Fact]
    public async Task PagesGiveEveryEntryOnceInBothOrders()
    {
        foreach (var order in new[] { "NEWEST_FIRST", "OLDEST_FIRST" })
        {
            var whole = (await NodesAsync("auditor", filter: null, first: 50, order: order)).Select(n => (long)n["sequence"]!).ToList();
            var paged = new List<long>();
            string? after = null;
            do
            {
                var page = (await JournalAsync("auditor", filter: null, first: 3, order: order, after: after))["data"]!["journal"]!;
                paged.AddRange(page["nodes"]!.AsArray().Select(n => (long)n!["sequence"]!));
                after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string)page["pageInfo"]!["endCursor"]! : null;
            }
            while (after is not null);
            Assert.Equal(whole, paged);
            Assert.True(whole.Count >= 7);
        }
    }

    [Fact]
    public async Task ReversalsAreLinkedBothWays()
    {
        var before = await NodesAsync("auditor", new { kinds = new[] { "EXCHANGE" } });
        var settled = (long)before[0]["sequence"]!;
        var reversal = await audit.SubmitAsync(new ReverseEntry(settled) { IdempotencyKey = $"test-reverse-{settled}", ActorId = "user:1" });
        Assert.True(reversal.Succeeded, reversal.Status.ToString());

        var exchange = (await NodesAsync("auditor", new { kinds = new[] { "EXCHANGE" } }))[0];
        var reversing = (await NodesAsync("auditor", new { kinds = new[] { "REVERSAL" } }))[0];

        Assert.Equal(reversal.EntrySequence, (long?)exchange["reversedBy"]!["sequence"]);
        Assert.Equal(settled, (long?)reversing["reverses"]!["sequence"]);
        Assert.Null(reversing["reversedBy"]);
    }

    private async Task<List<JsonNode>> NodesAsync(string who, object? filter, int first = 20, string? order = null)
    {
        var response = await JournalAsync(who, filter, first, order);
        return [.. (response["data"]?["journal"]?["nodes"]?.AsArray() ?? throw new InvalidOperationException(response.ToJsonString())).Select(n => n!)];
    }

    private Task<JsonObject> JournalAsync(string who, object? filter, int first, string? order = null, string? after = null) =>
        audit.QueryAsync(who, Query, new { communityId = audit.Bank.Riverside.Id, filter, order, first, after });
}
