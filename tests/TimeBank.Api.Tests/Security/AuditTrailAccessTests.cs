using TimeBank.Api.Tests.Features.Audit;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Who reads a community's audit trail: its auditors and coordinators, and deployment admins. Its members are refused,
/// anyone outside it is told it does not exist (as for other by-id look-ups), and anonymous callers are asked to log in.
/// To cover another reader, add a row.
/// </summary>
public sealed class AuditTrailAccessTests(AuditTrailFixture bank) : IClassFixture<AuditTrailFixture>
{
    private const string Query = """
        query($communityId: ID!) { auditTrail(communityId: $communityId, first: 50) { totalCount nodes { id action subjectType subjectId actorUserId principal { id } before after recordedAt } } }
        """;

    [Theory]
    [InlineData("audrey", null)]
    [InlineData("coordinator", null)]
    [InlineData("admin", null)]
    [InlineData("maria", "FORBIDDEN")]
    [InlineData("other-coordinator", "NOT_FOUND")]
    [InlineData("hal", "NOT_FOUND")]
    [InlineData("", "UNAUTHENTICATED")]
    public async Task OnlyTheCommunitysAuditorsAndCoordinatorsReadIt(string person, string? code)
    {
        var response = await bank.App.GraphQLAsync(Query, new { communityId = bank.Riverside.Id }, bank.Token(person));

        if (code is null)
        {
            Assert.Null(response["errors"]);
            Assert.NotEmpty(response["data"]!["auditTrail"]!["nodes"]!.AsArray());
        }
        else
        {
            Assert.Equal(code, (string?)response["errors"]![0]!["extensions"]!["code"]);
            Assert.Null(response["data"]?["auditTrail"]);
        }
    }

    [Theory]
    [InlineData("audrey", true)]
    [InlineData("maria", false)]
    [InlineData("other-coordinator", false)]
    [InlineData("", false)]
    public async Task ARecordByItsIdIsShownOnlyToThoseWhoReadTheTrail(string person, bool sees)
    {
        var trail = await bank.App.GraphQLAsync(Query, new { communityId = bank.Riverside.Id }, bank.Token("coordinator"));
        var id = (string)trail["data"]!["auditTrail"]!["nodes"]![0]!["id"]!;

        var response = await bank.App.GraphQLAsync("query($id: ID!) { node(id: $id) { id } }", new { id }, bank.Token(person));

        Assert.Equal(sees ? id : null, (string?)response["data"]!["node"]?["id"]);
    }

    [Fact]
    public async Task TheFilterNarrowsByActionActorAndTime()
    {
        var start = bank.App.Clock.GetUtcNow();
        bank.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await bank.OkAsync("coordinator", "suspendMember", new { memberId = bank.Member("tom"), reason = "filter test" });
        await bank.OkAsync("admin", "reinstateMember", new { memberId = bank.Member("tom") });
        var coordinator = TimeBank.GraphQL.Relay.GlobalId.Encode("User", await bank.UserIdAsync("coordinator"));

        var response = await bank.App.GraphQLAsync(
            """
            query($communityId: ID!, $filter: AuditTrailFilter) {
              auditTrail(communityId: $communityId, filter: $filter, first: 10) { totalCount nodes { action reason } }
            }
            """,
            new { communityId = bank.Riverside.Id, filter = new { actions = new[] { "member.suspend", "member.reinstate" }, actor = coordinator, from = start } },
            bank.Token("audrey"));

        Assert.Null(response["errors"]);
        var node = Assert.Single(response["data"]!["auditTrail"]!["nodes"]!.AsArray());
        Assert.Equal("member.suspend", (string?)node!["action"]);
        Assert.Equal("filter test", (string?)node["reason"]);
    }

    [Theory]
    [InlineData("audrey", null)]
    [InlineData("coordinator", null)]
    [InlineData("maria", "FORBIDDEN")]
    [InlineData("other-coordinator", "NOT_FOUND")]
    [InlineData("", "UNAUTHENTICATED")]
    public async Task OnlyTheCommunitysAuditorsAndCoordinatorsReadItsClosedPeriods(string person, string? code)
    {
        var response = await bank.App.GraphQLAsync("query($id: ID!) { periodCloses(communityId: $id) { id endsAt } }", new { id = bank.Riverside.Id }, bank.Token(person));

        Assert.Equal(code, (string?)response["errors"]?[0]?["extensions"]?["code"]);
        Assert.Equal(code is null, response["data"]?["periodCloses"] is not null);
    }
}
