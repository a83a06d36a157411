using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Api.Tests.Security;

namespace TimeBank.Api.Tests.Features.Challenges.Contributions;

/// <summary>Pledges of minutes by category to an OPEN challenge led by tom in riverside: one per member and category, changed in place.</summary>
public sealed class PledgeTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    [Fact]
    public async Task PledgingAgainChangesTheOnePledgeAndProgressFollows()
    {
        var challenge = await ChallengeAsync("again");

        var first = await PledgeAsync("maria", challenge, 60);
        var changed = await PledgeAsync("maria", challenge, 90);
        var before = bank.Fingerprint();
        var same = await PledgeAsync("maria", challenge, 90);
        var unchanged = bank.Fingerprint();
        await PledgeAsync("nina", challenge, 30);

        Assert.Equal((string?)first["id"], (string?)changed["id"]);
        Assert.Equal(changed.ToJsonString(), same.ToJsonString());
        Assert.Equal(before, unchanged);
        Assert.Equal(120, (long)(await ProgressAsync(challenge))["pledgedMinutes"]!);
    }

    [Fact]
    public async Task AWithdrawnPledgeStopsCountingAndPledgingAgainRevivesIt()
    {
        var challenge = await ChallengeAsync("withdraw");
        var pledge = (string)(await PledgeAsync("maria", challenge, 45))["id"]!;

        var withdrawn = await Ok("withdrawPledge", "maria", new { pledgeId = pledge });
        var before = bank.Fingerprint();
        var again = await Ok("withdrawPledge", "maria", new { pledgeId = pledge });
        var unchanged = bank.Fingerprint();
        var progress = await ProgressAsync(challenge);
        var revived = await PledgeAsync("maria", challenge, 45);

        Assert.Equal("WITHDRAWN", (string?)withdrawn["pledge"]!["status"]);
        Assert.Equal(withdrawn.ToJsonString(), again.ToJsonString());
        Assert.Equal(before, unchanged);
        Assert.Equal(0, (long)progress["pledgedMinutes"]!);
        Assert.Equal((pledge, "ACTIVE"), ((string)revived["id"]!, (string)revived["status"]!));
    }

    [Fact]
    public async Task ACoordinatorPledgesAndWithdrawsForAMember()
    {
        var challenge = await ChallengeAsync("on-behalf");

        var pledged = await Ok("pledgeToChallenge", "coordinator",
            new { challengeId = challenge, categoryId = bank.CategoryId, minutes = 120, onBehalfOfMemberId = bank.Member("tom") });
        var withdrawn = await Ok("withdrawPledge", "coordinator", new { pledgeId = (string)pledged["pledge"]!["id"]! });

        Assert.Equal(("tom", "WITHDRAWN"), ((string)withdrawn["pledge"]!["member"]!["displayName"]!, (string)withdrawn["pledge"]!["status"]!));
    }

    [Fact]
    public async Task OnlyNeededCategoriesAndSensibleMinutesArePledged()
    {
        var challenge = await ChallengeAsync("rules");
        var categories = await bank.App.GraphQLAsync("query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug = "riverside" }, bank.AdminToken);
        var unneeded = (string)categories["data"]!["community"]!["categories"]![1]!["id"]!;
        var before = bank.Fingerprint();

        var codes = new[]
        {
            await CodeAsync(new { challengeId = challenge, categoryId = unneeded, minutes = 30 }),
            await CodeAsync(new { challengeId = challenge, categoryId = bank.CategoryId, minutes = 0 }),
            await CodeAsync(new { challengeId = challenge, categoryId = bank.CategoryId, minutes = 6001 }),
        };

        Assert.All(codes, code => Assert.Equal("INVALID_INPUT", code));
        Assert.Equal(before, bank.Fingerprint());
    }

    private Task<string> ChallengeAsync(string name) =>
        bank.OnceAsync("pledge-tests:" + name, () => ChallengeSeed.CreateAsync(bank.App, bank.Riverside.Id, bank.Member("tom"), [bank.CategoryId]));

    private async Task<JsonNode> PledgeAsync(string person, string challenge, int minutes) =>
        (await Ok("pledgeToChallenge", person, new { challengeId = challenge, categoryId = bank.CategoryId, minutes }))["pledge"]!;

    private async Task<JsonNode> ProgressAsync(string challenge)
    {
        var read = await bank.App.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on Challenge { progress { pledgedMinutes } } } }", new { id = challenge }, bank.Token("nina"));
        Assert.True(read["data"]?["node"] is not null, read.ToJsonString());
        return read["data"]!["node"]!["progress"]![0]!;
    }

    private async Task<JsonNode> Ok(string mutation, string person, object input) =>
        TestCommunity.Ok(await bank.App.GraphQLAsync(
            $"mutation($input: {char.ToUpperInvariant(mutation[0])}{mutation[1..]}Input!) {{ {mutation}(input: $input) {{ " +
            "pledge { id status minutes member { displayName } } errors { code message } } }",
            new { input }, bank.Token(person)), mutation);

    private async Task<string> CodeAsync(object input) => SecurityBank.ErrorCode(await bank.MutateAsync("pledgeToChallenge", "maria", input), "pledgeToChallenge");
}
