using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Demo;

/// <summary>
/// The demo's auditor (auditor@demo.timebank.local) is what segregation of duties asks for: she reads the community's
/// members, needs and fund, has no listing and no exchange of her own, and every write she tries is refused.
/// </summary>
public sealed class DemoAuditorTests
{
    [Fact]
    public async Task TheDemoAuditorReadsTheCommunityTradesNothingAndIsRefusedEveryWrite()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        var login = await app.GraphQLAsync(
            "mutation { login(input: { email: \"auditor@demo.timebank.local\", password: \"tb-auditor-demo-2026\" }) { accessToken errors { code } } }");
        var token = (string)login["data"]!["login"]!["accessToken"]!;

        var read = await app.GraphQLAsync(
            """
            { community(slug: "demo") { id fundAccount { balanceMinutes } viewerMembership { roles account { balanceMinutes } } } myExchanges(first: 5) { nodes { id } } }
            """, token: token);
        Assert.True(read["errors"] is null, read.ToJsonString());
        var community = read["data"]!["community"]!;
        Assert.NotNull(community["fundAccount"]);
        Assert.Equal(["MEMBER", "AUDITOR"], community["viewerMembership"]!["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(read["data"]!["myExchanges"]!["nodes"]!.AsArray());
        var needs = await app.GraphQLAsync("query($c: ID!) { communityNeeds(communityId: $c) { categories { openRequests } } }", new { c = (string)community["id"]! }, token);
        Assert.True(needs["errors"] is null, needs.ToJsonString());
        var listings = await app.GraphQLAsync(
            "query($c: ID!) { listings(communityId: $c, first: 50) { nodes { owner { displayName } } } }", new { c = (string)community["id"]! }, token);
        Assert.DoesNotContain(listings["data"]!["listings"]!["nodes"]!.AsArray(), l => (string?)l!["owner"]!["displayName"] == "Ines Duarte");

        var categories = await app.GraphQLAsync("{ community(slug: \"demo\") { categories { id } } }", token: token);
        var write = await app.GraphQLAsync(MutationDocument.For("createListing", "errors { code message }"), new
        {
            input = new { communityId = (string)community["id"]!, kind = "OFFER", title = "Bookkeeping", categoryId = (string)categories["data"]!["community"]!["categories"]![0]!["id"]! },
        }, token);

        Assert.Equal(
            """[{"code":"FORBIDDEN","message":"Auditors read the books and do not write them."}]""",
            write["data"]!["createListing"]!["errors"]!.ToJsonString());
    }
}
