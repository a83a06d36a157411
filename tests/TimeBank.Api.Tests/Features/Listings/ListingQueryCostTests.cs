namespace TimeBank.Api.Tests.Features.Listings;

public sealed class ListingQueryCostTests(ListingsFixture bank) : IClassFixture<ListingsFixture>
{
    private const string Page = "query($communityId: ID!) { listings(communityId: $communityId, first: 50) { nodes { title owner { displayName } category { name } } } }";

    [Fact]
    public async Task APageCostsTheSameNumberOfSqlStatementsWhateverItsLength()
    {
        await AddListingsAsync(2);
        var small = await CountStatementsAsync(expectedNodes: 2);

        await AddListingsAsync(40);
        var large = await CountStatementsAsync(expectedNodes: 42);

        Assert.Equal(small, large);
        Assert.InRange(large, 1, 8);
    }

    private async Task AddListingsAsync(int count)
    {
        string[] people = ["maria", "tom", "coordinator"];
        string[] categories = [bank.CategoryId, bank.OtherCategoryId];
        for (var i = 0; i < count; i++)
        {
            await bank.CreateAsync(people[i % people.Length], $"Listing {Guid.NewGuid():N}", categoryId: categories[i % categories.Length]);
        }
    }

    private async Task<int> CountStatementsAsync(int expectedNodes)
    {
        bank.App.SqlStatements.Reset();
        var response = await bank.App.GraphQLAsync(Page, new { communityId = bank.Riverside.Id }, bank.Token("maria"));
        var count = bank.App.SqlStatements.Total;
        Assert.Equal(expectedNodes, response["data"]?["listings"]?["nodes"]?.AsArray().Count);
        return count;
    }
}
