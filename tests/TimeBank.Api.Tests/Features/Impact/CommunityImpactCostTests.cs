namespace TimeBank.Api.Tests.Features.Impact;

/// <summary>communityImpact costs a constant number of SQL statements, whatever the period's length and what it holds.</summary>
[Collection(ImpactFixture.Collection)]
public sealed class CommunityImpactCostTests(ImpactFixture impact)
{
    private const string Everything = """
        minutesExchanged exchanges months { month minutes exchanges }
        categories { category { name } minutes exchanges minutesByMonth exchangesByMonth } activeMembers givers receivers reciprocalMembers reciprocityShare
        newMembers quietMembers minutesDonated donations minutesContributed contributions challengesAchieved
        """;

    [Fact]
    public async Task AnyPeriodCostsTheSameNumberOfSqlStatements()
    {
        // The busy December, the whole history, and 60 months around it: each names categories, so each loads them once.
        var counts = new List<int>();
        foreach (var (from, to) in new[]
        {
            ("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            ("2026-11-01T00:00:00Z", "2027-04-01T00:00:00Z"),
            ("2023-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
        })
        {
            impact.App.SqlStatements.Reset();
            var response = await impact.ImpactAsync("aud", from, to, Everything);
            Assert.True(response["errors"] is null, response.ToJsonString());
            counts.Add(impact.App.SqlStatements.Total);
        }

        // The caller's membership, the community, the four figures' statements, and the categories named (one batch).
        Assert.All(counts, count => Assert.Equal(counts[0], count));
        Assert.InRange(counts[0], 6, 8);
    }
}
