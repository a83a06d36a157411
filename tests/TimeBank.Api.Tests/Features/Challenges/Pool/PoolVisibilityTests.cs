using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Tests.Features.Challenges.Pool;

/// <summary>
/// A challenge's pool is the community's: its members, coordinators and auditors read the pool, its balance, donors
/// and entries through the challenge; members of another community and anonymous callers get nothing.
/// </summary>
public sealed class PoolVisibilityTests(PoolFixture pool) : IClassFixture<PoolFixture>
{
    [Theory]
    [InlineData("nina")]
    [InlineData("coordinator")]
    [InlineData("audrey")]
    public async Task TheCommunityReadsThePoolItsDonorsMostFirstAndItsEntries(string person)
    {
        var challenge = await DonatedAsync();

        var read = await pool.ReadPoolAsync(challenge, pool.Token(person));

        Assert.Equal("POOL", (string)read!["pool"]!["kind"]!);
        Assert.Equal(50, (int)read["poolBalanceMinutes"]!);
        Assert.Equal(50, (int)read["pool"]!["balanceMinutes"]!);
        var donors = read["donors"]!["nodes"]!.AsArray().Select(d => ((string)d!["member"]!["displayName"]!, (int)d["minutes"]!));
        Assert.Equal([("maria", 30), ("tom", 20)], donors);
        Assert.Equal(2, (int)read["donors"]!["totalCount"]!);
        var entries = read["poolEntries"]!["nodes"]!.AsArray().Select(e => ((string)e!["kind"]!, (int)e["minutes"]!, (int)e["balanceAfterMinutes"]!));
        Assert.Equal([("DONATION", 20, 50), ("DONATION", 20, 30), ("DONATION", 10, 10)], entries);
    }

    [Theory]
    [InlineData("hal")]
    [InlineData("other-coordinator")]
    [InlineData(null)]
    public async Task AnotherCommunityAndAnonymousCallersGetNothing(string? person)
    {
        var challenge = await DonatedAsync();

        Assert.Null(await pool.ReadPoolAsync(challenge, person is null ? null : pool.Token(person)));
    }

    [Fact]
    public async Task ThePoolAccountByItsOwnIdStaysWithCoordinatorsAndAuditors()
    {
        var challenge = await DonatedAsync();
        var poolId = (string)(await pool.ReadPoolAsync(challenge, pool.Token("nina")))!["pool"]!["id"]!;

        Assert.Null(await NodeAsync(poolId, "nina"));
        Assert.NotNull(await NodeAsync(poolId, "coordinator"));
        Assert.NotNull(await NodeAsync(poolId, "audrey"));
    }

    [Fact]
    public async Task AReversedDonationNoLongerCountsForItsDonor()
    {
        var challenge = await pool.OpenChallengeAsync();
        PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "maria", new { challengeId = challenge, minutes = 12 }));
        var tom = PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "tom", new { challengeId = challenge, minutes = 8 }));
        var reversed = await pool.App.GraphQLAsync(
            "mutation($input: ReverseEntryInput!) { reverseEntry(input: $input) { errors { code message } } }",
            new { input = new { entryId = GlobalId.Encode("LedgerEntry", tom), reason = "given by mistake" } }, pool.Token("coordinator"));
        Assert.Empty(reversed["data"]!["reverseEntry"]!["errors"]!.AsArray());

        var read = await pool.ReadPoolAsync(challenge, pool.Token("nina"));

        Assert.Equal(12, (int)read!["poolBalanceMinutes"]!);
        Assert.Equal(["maria"], read["donors"]!["nodes"]!.AsArray().Select(d => (string)d!["member"]!["displayName"]!));
    }

    [Fact]
    public async Task AProposedChallengeHasNoPoolYet()
    {
        var challenge = await ChallengeSeed.CreateAsync(pool.App, pool.Riverside.Id, pool.Member("maria"), [], poolMinutes: 0, status: ChallengeStatus.Proposed);

        var read = await pool.ReadPoolAsync(challenge, pool.Token("nina"));

        Assert.Null(read!["pool"]);
        Assert.Equal(0, (int)read["poolBalanceMinutes"]!);
        Assert.Empty(read["donors"]!["nodes"]!.AsArray());
        Assert.Empty(read["poolEntries"]!["nodes"]!.AsArray());
    }

    /// <summary>A challenge given 10 and 20 by maria and 20 by tom, in that order.</summary>
    private async Task<string> DonatedAsync()
    {
        var challenge = await pool.OpenChallengeAsync();
        foreach (var (person, minutes) in new[] { ("maria", 10), ("maria", 20), ("tom", 20) })
        {
            PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", person, new { challengeId = challenge, minutes }));
        }
        return challenge;
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> NodeAsync(string id, string person)
    {
        var response = await pool.App.GraphQLAsync("query($id: ID!) { node(id: $id) { id } }", new { id }, pool.Token(person));
        return response["data"]!["node"];
    }
}
