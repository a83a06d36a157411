using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// A community made over the API: the admin creates it, a coordinator and members join and are
/// approved. Everyone's token and member ID are kept for the test.
/// </summary>
public sealed class TestCommunity
{
    public required string Id { get; init; }

    public required string Slug { get; init; }

    public Dictionary<string, (string Token, string MemberId)> People { get; } = [];

    public static async Task<TestCommunity> CreateAsync(TimeBankApplication app, string adminToken, string slug, params string[] members)
    {
        var created = await app.GraphQLAsync(
            "mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } errors { code message } } }",
            new { input = new { slug, name = slug + " time bank", timeZone = "Europe/Lisbon", policy = new { joiningGrantMinutes = 60 } } },
            adminToken);
        var community = new TestCommunity
        {
            Id = (string?)created["data"]?["createCommunity"]?["community"]?["id"] ?? throw new InvalidOperationException(created.ToJsonString()),
            Slug = slug,
        };
        foreach (var name in members.Prepend("coordinator"))
        {
            var token = await app.RegisterAsync($"{name}.{slug}@test.local");
            var memberId = await JoinAsync(app, token, community.Id, name);
            Ok(await app.GraphQLAsync(
                "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
                new { input = new { memberId } }, adminToken), "approveMember");
            community.People[name] = (token, memberId);
        }
        Ok(await app.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = community.People["coordinator"].MemberId, coordinator = true, auditor = false } }, adminToken),
            "setMemberRoles");
        return community;
    }

    /// <summary>
    /// Signs a person in again, for a new token: suspension ends every session of the member, so a test that acts as a
    /// suspended member signs them in after suspending them.
    /// </summary>
    public async Task SignInAgainAsync(TimeBankApplication app, string person) =>
        People[person] = (await app.LoginAsync($"{person}.{Slug}@test.local"), People[person].MemberId);

    public static async Task<string> JoinAsync(TimeBankApplication app, string token, string communityId, string displayName)
    {
        var joined = await app.GraphQLAsync(
            "mutation($input: JoinCommunityInput!) { joinCommunity(input: $input) { member { id } errors { code message } } }",
            new { input = new { communityId, displayName } }, token);
        return (string?)joined["data"]?["joinCommunity"]?["member"]?["id"] ?? throw new InvalidOperationException(joined.ToJsonString());
    }

    /// <summary>
    /// Runs a mutation as <paramref name="person"/>, asserts its payload has no errors and returns the payload, with
    /// <paramref name="selection"/> read besides the errors (e.g. <c>exchange { id }</c>).
    /// </summary>
    public async Task<JsonNode> OkAsync(TimeBankApplication app, string person, string mutation, object input, string selection = "") =>
        Ok(await app.GraphQLAsync(MutationDocument.For(mutation, selection + " errors { code message }"), new { input }, People[person].Token), mutation);

    /// <summary>Asserts a mutation payload came back without errors.</summary>
    public static JsonNode Ok(JsonObject response, string field)
    {
        var payload = response["data"]?[field] ?? throw new InvalidOperationException(response.ToJsonString());
        Assert.True(payload["errors"]!.AsArray().Count == 0, response.ToJsonString());
        return payload;
    }
}
