using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Security;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Tests.Features.Challenges.Contributions;

/// <summary>
/// Work logged on a challenge, verified (the pool pays the contributor in one CONTRIBUTION entry) or rejected, on a
/// challenge led by tom in riverside, whose pool starts with 600 minutes. maria contributes.
/// </summary>
public sealed class ContributionTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    private const string Selection = "contribution { id status minutes note decisionReason paymentEntrySequence loggedOnBehalf contributor { displayName } }";

    [Fact]
    public async Task VerifyingPaysTheContributorFromThePoolOnce()
    {
        var challenge = await ChallengeAsync("verify");
        var contribution = await LogAsync("maria", challenge, 45, "sorted the donated coats");
        var mariaBefore = await BalanceAsync("maria");

        var verified = await Ok("verifyContribution", "tom", new { contributionId = contribution });
        var again = await Ok("verifyContribution", "coordinator", new { contributionId = contribution });

        Assert.Equal("VERIFIED", (string?)verified["contribution"]!["status"]);
        Assert.Equal(verified.ToJsonString(), again.ToJsonString());
        Assert.Equal(mariaBefore + 45, await BalanceAsync("maria"));
        Assert.Equal(600 - 45, await ChallengeSeed.PoolBalanceAsync(bank.App, challenge));
        await using var db = await DbAsync();
        var entries = await db.Set<LedgerEntry>().AsNoTracking().Where(e => e.IdempotencyKey == $"contribution:{ChallengeSeed.Key(contribution, "Contribution")}:pay").ToListAsync();
        var entry = Assert.Single(entries);
        Assert.Equal(EntryKind.Contribution, entry.Kind);
        Assert.Equal((long)verified["contribution"]!["paymentEntrySequence"]!, entry.Sequence);
        Assert.Equal(("challenge", ChallengeSeed.Key(challenge, "Challenge").ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.CauseType, entry.CauseId));
        Assert.Equal("WRONG_STATUS", await CodeAsync("rejectContribution", "tom", new { contributionId = contribution, reason = "too late" }));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task ProgressCountsVerifiedMinutesOnly()
    {
        var challenge = await ChallengeAsync("progress");
        var verified = await LogAsync("maria", challenge, 30);
        var rejected = await LogAsync("nina", challenge, 20);
        await LogAsync("maria", challenge, 10);
        await Ok("verifyContribution", "tom", new { contributionId = verified });
        await Ok("rejectContribution", "tom", new { contributionId = rejected, reason = "not part of the drive" });

        var read = await bank.App.GraphQLAsync(
            "query($id: ID!) { challenge: node(id: $id) { ... on Challenge { progress { neededMinutes pledgedMinutes deliveredMinutes } " +
            "logged: contributions(status: LOGGED) { totalCount } all: contributions { totalCount nodes { status } } } } }",
            new { id = challenge }, bank.Token("nina"));

        Assert.True(read["data"]?["challenge"] is not null, read.ToJsonString());
        var node = read["data"]!["challenge"]!;
        Assert.Equal("""[{"neededMinutes":600,"pledgedMinutes":0,"deliveredMinutes":30}]""", node["progress"]!.ToJsonString());
        Assert.Equal(1, (int)node["logged"]!["totalCount"]!);
        Assert.Equal(["LOGGED", "REJECTED", "VERIFIED"], node["all"]!["nodes"]!.AsArray().Select(n => (string)n!["status"]!));
    }

    [Fact]
    public async Task AShortPoolSaysWhatItHoldsAndPaysNothing()
    {
        var challenge = await ChallengeAsync("short", poolMinutes: 25);
        var contribution = await LogAsync("maria", challenge, 40);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync("verifyContribution", "tom", new { contributionId = contribution });

        var error = Assert.Single(response["data"]!["verifyContribution"]!["errors"]!.AsArray())!;
        Assert.Equal("POOL_SHORT", (string?)error["code"]);
        Assert.Contains("holds 25 minutes", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ARejectionRepeatsWithItsReasonAndConflictsWithAnother()
    {
        var challenge = await ChallengeAsync("reject");
        var contribution = await LogAsync("maria", challenge, 15);

        var rejected = await Ok("rejectContribution", "tom", new { contributionId = contribution, reason = "  no coats were sorted that day " });
        var again = await Ok("rejectContribution", "coordinator", new { contributionId = contribution, reason = "no coats were sorted that day" });
        var before = bank.Fingerprint();
        var other = await CodeAsync("rejectContribution", "tom", new { contributionId = contribution, reason = "another reason" });
        var verify = await CodeAsync("verifyContribution", "tom", new { contributionId = contribution });

        Assert.Equal("no coats were sorted that day", (string?)rejected["contribution"]!["decisionReason"]);
        Assert.Equal(rejected.ToJsonString(), again.ToJsonString());
        Assert.Equal(("IDEMPOTENCY_CONFLICT", "WRONG_STATUS"), (other, verify));
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ARetriedLogReturnsTheFirstAndAnotherWithTheSameKeyConflicts()
    {
        var challenge = await ChallengeAsync("retry");
        var input = new { challengeId = challenge, categoryId = bank.CategoryId, minutes = 50, note = "mended coats", idempotencyKey = "log-1" };

        var first = await Ok("logContribution", "maria", input);
        var before = bank.Fingerprint();
        var retried = await Ok("logContribution", "maria", input);
        var conflict = await CodeAsync("logContribution", "maria", input with { minutes = 55 });
        var othersKey = await Ok("logContribution", "nina", input);

        Assert.Equal(first.ToJsonString(), retried.ToJsonString());
        Assert.Equal("IDEMPOTENCY_CONFLICT", conflict);
        Assert.NotEqual((string?)first["contribution"]!["id"], (string?)othersKey["contribution"]!["id"]);
        Assert.NotEqual(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ACoordinatorLogsForAMemberButNeverJudgesWhatTheyLoggedOrDid()
    {
        var challenge = await ChallengeAsync("on-behalf");
        var forMaria = await Ok("logContribution", "coordinator",
            new { challengeId = challenge, categoryId = bank.CategoryId, minutes = 20, onBehalfOfMemberId = bank.Member("maria") });
        var id = (string)forMaria["contribution"]!["id"]!;
        var own = await LogAsync("coordinator", challenge, 25);
        var tomsOwn = await LogAsync("tom", challenge, 25);
        var before = bank.Fingerprint();

        var codes = new[]
        {
            await CodeAsync("verifyContribution", "coordinator", new { contributionId = id }),
            await CodeAsync("rejectContribution", "coordinator", new { contributionId = id, reason = "mine to judge" }),
            await CodeAsync("verifyContribution", "coordinator", new { contributionId = own }),
            await CodeAsync("verifyContribution", "tom", new { contributionId = tomsOwn }),
        };

        Assert.Equal(("maria", true), ((string?)forMaria["contribution"]!["contributor"]!["displayName"], (bool)forMaria["contribution"]!["loggedOnBehalf"]!));
        Assert.All(codes, code => Assert.Equal("FORBIDDEN", code));
        Assert.Equal(before, bank.Fingerprint());
        // Someone else judges them: the lead what the coordinator logged or did, a coordinator the lead's own.
        await Ok("verifyContribution", "tom", new { contributionId = id });
        await Ok("verifyContribution", "tom", new { contributionId = own });
        await Ok("verifyContribution", "coordinator", new { contributionId = tomsOwn });
    }

    [Fact]
    public async Task EveryChangeTellsTheChallengesSubscribersInItsTransaction()
    {
        var challenge = await ChallengeAsync("events");
        var before = await ChallengeEventsAsync();

        var contribution = await LogAsync("maria", challenge, 10);
        await Ok("verifyContribution", "tom", new { contributionId = contribution });
        var rejected = await LogAsync("maria", challenge, 10);
        await Ok("rejectContribution", "tom", new { contributionId = rejected, reason = "duplicate" });

        Assert.Equal(4, await ChallengeEventsAsync() - before);
        await using var db = await DbAsync();
        Assert.True(await db.Outbox.AnyAsync(o => o.Topic == "balanceChanged" && o.PayloadJson.Contains("\"balanceMinutes\"")));
    }

    private async Task<int> ChallengeEventsAsync()
    {
        await using var db = await DbAsync();
        // The event's change is written as its number: 4 is ChallengeChange.Contribution.
        return await db.Outbox.CountAsync(o => o.Topic == "challengeUpdated" && o.PayloadJson.Contains("\"change\":4"));
    }

    private Task<string> ChallengeAsync(string name, int poolMinutes = 600) =>
        bank.OnceAsync("contribution-tests:" + name, () => ChallengeSeed.CreateAsync(bank.App, bank.Riverside.Id, bank.Member("tom"), [bank.CategoryId], poolMinutes: poolMinutes));

    private async Task<string> LogAsync(string person, string challenge, int minutes, string? note = null)
    {
        var logged = await Ok("logContribution", person, new { challengeId = challenge, categoryId = bank.CategoryId, minutes, note });
        return (string)logged["contribution"]!["id"]!;
    }

    private async Task<JsonNode> Ok(string mutation, string person, object input) =>
        Infrastructure.TestCommunity.Ok(await bank.App.GraphQLAsync(
            $"mutation($input: {char.ToUpperInvariant(mutation[0])}{mutation[1..]}Input!) {{ {mutation}(input: $input) {{ {Selection} errors {{ code message }} }} }}",
            new { input }, bank.Token(person)), mutation);

    private async Task<string> CodeAsync(string mutation, string person, object input) =>
        SecurityBank.ErrorCode(await bank.MutateAsync(mutation, person, input), mutation);

    private async Task<long> BalanceAsync(string person)
    {
        var me = await bank.App.GraphQLAsync("query($id: ID!) { member(id: $id) { account { balanceMinutes } } }", new { id = bank.Member(person) }, bank.Token(person));
        return (long)me["data"]!["member"]!["account"]!["balanceMinutes"]!;
    }

    private async Task<TimeBankDbContext> DbAsync() =>
        await bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
}
