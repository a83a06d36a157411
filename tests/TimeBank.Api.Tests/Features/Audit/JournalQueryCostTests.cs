namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>A journal page costs a constant number of SQL statements: postings, accounts, owners and causes are loaded per page.</summary>
public sealed class JournalQueryCostTests(AuditFixture audit) : IClassFixture<AuditFixture>
{
    private const string Page = """
        query($communityId: ID!, $first: Int) {
          journal(communityId: $communityId, first: $first) {
            nodes { sequence kind actor principal actorMember { displayName } principalMember { displayName }
                    postings { side minutes balanceAfterMinutes account { kind owner { displayName } } }
                    reverses { sequence } reversedBy { sequence } cause { type id exchange { id } } hash previousHash }
          }
        }
        """;

    [Fact]
    public async Task APageCostsTheSameNumberOfSqlStatementsWhateverItsLength()
    {
        // Pages alike in all but length: the newest entries are recorded exchanges, each resolved to its exchange.
        await RecordAsync(2);
        var small = await CountStatementsAsync(2);
        await RecordAsync(48);
        var large = await CountStatementsAsync(50);

        Assert.Equal(small, large);
        Assert.InRange(large, 1, 20);
    }

    private async Task RecordAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await audit.Bank.OkAsync("recordExchange", i % 2 == 0 ? "sam" : "maria", new { providerMemberId = audit.Bank.Member("tom"), minutes = 1, description = $"help {i}" });
        }
    }

    private async Task<int> CountStatementsAsync(int first)
    {
        audit.App.SqlStatements.Reset();
        var response = await audit.QueryAsync("auditor", Page, new { communityId = audit.Bank.Riverside.Id, first });
        var count = audit.App.SqlStatements.Total;
        Assert.Equal(first, response["data"]?["journal"]?["nodes"]?.AsArray().Count);
        return count;
    }

}
