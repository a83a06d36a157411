using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Queries;

/// <summary>
/// The main reads of communities and members, as a front end asks for them, snapshotted. Times come
/// from the fake clock and IDs from a fresh database, so the snapshots are exact.
/// </summary>
public sealed class CommunityQueriesTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();
    private TestCommunity _bank = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "riverside", "maria", "tom");
        TestCommunity.Ok(await _app.GraphQLAsync(
            """
            mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { errors { code message } } }
            """,
            new
            {
                input = new
                {
                    memberId = _bank.People["maria"].MemberId,
                    bio = "Retired teacher, happy to tutor.",
                    neighbourhood = "Riverside",
                    availability = "weekday mornings",
                    skillTags = new[] { "Tutoring", "baking" },
                    neighbourhoodVisibility = "COORDINATORS",
                },
            },
            _bank.People["maria"].Token), "updateProfile");
    }

    [Fact]
    public async Task MeShowsTheUserWithMembershipsAndOwnBalance()
    {
        var response = await _app.GraphQLAsync(
            """
            {
              me {
                email isAdmin createdAt
                memberships {
                  displayName status roles appliedAt
                  community { slug name timeZone }
                  account { kind balanceMinutes balanceHours availableMinutes floorMinutes ceilingMinutes }
                  privacy { bio neighbourhood skills availability }
                }
              }
            }
            """, token: _bank.People["maria"].Token);

        JsonSnapshot.Match(response);
    }

    [Fact]
    public async Task CommunityBySlugShowsPolicyAndTaxonomy()
    {
        var response = await _app.GraphQLAsync(
            """
            query($slug: String!) {
              community(slug: $slug) {
                slug name timeZone createdAt
                policy { version floorMinutes ceilingMinutes joiningGrantMinutes autoAcknowledgeDays requiresApproval allowsDirectRecording }
                categories { slug name }
                viewerMembership { displayName roles }
                fundAccount { kind balanceMinutes }
              }
            }
            """, new { slug = "riverside" }, _bank.People["coordinator"].Token);

        JsonSnapshot.Match(response);
    }

    [Fact]
    public async Task AMemberSeesOthersThroughTheirPrivacySettingsAndNoBalances()
    {
        var asTom = await MembersAsync(_bank.People["tom"].Token);
        var asCoordinator = await MembersAsync(_bank.People["coordinator"].Token);

        JsonSnapshot.Match(new JsonObject { ["asTom"] = asTom, ["asCoordinator"] = asCoordinator });
    }

    [Fact]
    public async Task AnOutsiderSeesNoMembers()
    {
        var outsider = await _app.RegisterAsync("outsider@test.local");
        var maria = _bank.People["maria"].MemberId;

        var list = await _app.GraphQLAsync(
            "query($id: ID!) { members(communityId: $id) { totalCount } }", new { id = _bank.Id }, outsider);
        var byId = await _app.GraphQLAsync("query($id: ID!) { member(id: $id) { displayName } }", new { id = maria }, outsider);
        var byNode = await _app.GraphQLAsync("query($id: ID!) { node(id: $id) { id } }", new { id = maria }, outsider);

        Assert.Equal("FORBIDDEN", (string?)list["errors"]?[0]?["extensions"]?["code"]);
        Assert.Null(byId["data"]?["member"]);
        Assert.Null(byNode["data"]?["node"]);
    }

    private async Task<JsonNode?> MembersAsync(string token)
    {
        var response = await _app.GraphQLAsync(
            """
            query($id: ID!) {
              members(communityId: $id, first: 10) {
                totalCount
                pageInfo { hasNextPage hasPreviousPage }
                nodes { displayName status roles bio neighbourhood availability skillTags account { balanceMinutes } }
              }
            }
            """, new { id = _bank.Id }, token);
        Assert.Null(response["errors"]);
        return response["data"]!["members"]!.DeepClone();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
