using TimeBank.Api.Tests.Features.Exchanges;

namespace TimeBank.Api.Tests.Features.Members;

/// <summary>
/// <c>member(id)</c> of another member, with the fields that ask who may see them, is two statements: the member (with
/// skills), then the caller's memberships, read once for the whole request.
/// </summary>
public sealed class MemberByIdCostTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private const string Query =
        "query($id: ID!) { member(id: $id) { displayName bio neighbourhood skillTags community { slug } account { balanceMinutes } } }";

    [Theory]
    [InlineData("maria", false)]
    [InlineData("coordinator", true)]
    public async Task AnotherMembersProfileCostsTwoStatementsAndTheCommunity(string person, bool seesBalance)
    {
        bank.App.SqlStatements.Reset();
        var response = await bank.App.GraphQLAsync(Query, new { id = bank.Member("tom") }, bank.Token(person));
        var count = bank.App.SqlStatements.Total;

        Assert.Null(response["errors"]);
        Assert.Equal("tom", (string?)response["data"]!["member"]!["displayName"]);
        Assert.Equal(seesBalance, response["data"]!["member"]!["account"] is not null);
        // The member, the caller's memberships, the community; the balance costs one more for whoever may see it.
        Assert.Equal(seesBalance ? 4 : 3, count);
    }
}
