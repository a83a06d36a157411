using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Tests.Security;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Tests.Features.Challenges.Contributions;

/// <summary>
/// A closed challenge's pool pays nothing more, so a contribution still LOGGED when it closes would wait for ever:
/// closing is refused (CONTRIBUTIONS_PENDING) until each one is verified or rejected, and work logged while a closing
/// runs is either counted by it or refused. Each decision on a contribution is on the audit trail.
/// </summary>
public sealed class ClosingWithLoggedWorkTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    [Fact]
    public async Task ClosingWaitsUntilEveryLoggedContributionIsDecided()
    {
        var challenge = await ChallengeAsync();
        var mariasWork = await LogAsync("maria", challenge, 30);
        var ninasWork = await LogAsync("nina", challenge, 20);

        var refused = await CloseAsync(challenge);

        Assert.Equal("CONTRIBUTIONS_PENDING", (string?)refused["errors"]![0]!["code"]);
        Assert.Contains("2 contributions", (string)refused["errors"]![0]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(ChallengeStatus.Open, (await ReadAsync(challenge)).Status);
        Assert.Equal(600, await ChallengeSeed.PoolBalanceAsync(bank.App, challenge));

        await bank.OkAsync("verifyContribution", "tom", new { contributionId = mariasWork });
        Assert.Contains("1 contribution ", (string)(await CloseAsync(challenge))["errors"]![0]!["message"]!, StringComparison.Ordinal);
        await bank.OkAsync("rejectContribution", "tom", new { contributionId = ninasWork, reason = "not for this drive" });
        var closed = await CloseAsync(challenge);

        Assert.Empty(closed["errors"]!.AsArray());
        var row = await ReadAsync(challenge);
        Assert.Equal(ChallengeStatus.Closed, row.Status);
        await using var db = await DbAsync();
        var pool = await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == row.PoolAccountId);
        Assert.Equal((0, AccountStatus.Closed), (pool.BalanceMinutes, pool.Status));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task EachDecisionIsOnTheAuditTrailWithTheContributorAsPrincipal()
    {
        var challenge = await ChallengeAsync();
        var verified = await LogAsync("maria", challenge, 15);
        var rejected = await LogAsync("maria", challenge, 25);

        var paid = await bank.OkAsync("verifyContribution", "tom", new { contributionId = verified });
        await bank.OkAsync("rejectContribution", "coordinator", new { contributionId = rejected, reason = "logged twice" });

        await using var db = await DbAsync();
        var records = await db.AuditRecords.AsNoTracking()
            .Where(r => r.SubjectType == AuditActions.Subjects.Contribution
                && (r.SubjectId == ChallengeSeed.Key(verified, "Contribution") || r.SubjectId == ChallengeSeed.Key(rejected, "Contribution")))
            .OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([AuditActions.ContributionVerify, AuditActions.ContributionReject], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal(ChallengeSeed.Key(bank.Member("maria"), "Member"), r.PrincipalMemberId));
        var tom = await db.Members.Where(m => m.Id == ChallengeSeed.Key(bank.Member("tom"), "Member")).Select(m => m.UserId).SingleAsync();
        Assert.Equal(tom, records[0].ActorUserId);
        var payment = (long)(await db.ChallengeContributions.SingleAsync(c => c.Id == ChallengeSeed.Key(verified, "Contribution"))).PaymentEntrySequence!;
        Assert.Contains($"\"paymentEntrySequence\":{payment}", records[0].AfterJson!, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"VERIFIED\"", records[0].AfterJson!, StringComparison.Ordinal);
        Assert.Equal("logged twice", records[1].Reason);
        Assert.Contains("\"status\":\"REJECTED\"", records[1].AfterJson!, StringComparison.Ordinal);
        Assert.NotNull(paid["contribution"]);
    }

    [Fact]
    public async Task WorkLoggedWhileTheChallengeClosesIsCountedByTheClosingOrRefused()
    {
        string[] people = ["maria", "nina", "maria", "nina", "maria", "nina"];
        for (var round = 0; round < 8; round++)
        {
            var challenge = await ChallengeAsync();
            var logs = people.Select(p => bank.MutateAsync("logContribution", p, new { challengeId = challenge, categoryId = bank.CategoryId, minutes = 10 })).ToList();
            var closing = CloseAsync(challenge);
            await Task.WhenAll([.. logs, closing]);

            var logCodes = logs.Select(l => CodeOf(l.Result, "logContribution")).ToList();
            Assert.All(logCodes, c => Assert.Contains(c, new[] { "", "WRONG_STATUS" }));
            var closeErrors = (await closing)["errors"]!.AsArray();
            var row = await ReadAsync(challenge);
            await using var db = await DbAsync();
            var stillLogged = await db.ChallengeContributions.CountAsync(c => c.ChallengeId == row.Id && c.Status == ContributionStatus.Logged);
            if (row.Status == ChallengeStatus.Closed)
            {
                Assert.Empty(closeErrors);
                Assert.Equal(0, stillLogged);
            }
            else
            {
                Assert.Equal("CONTRIBUTIONS_PENDING", (string?)closeErrors[0]!["code"]);
                Assert.Equal(logCodes.Count(c => c == ""), stillLogged);
            }
        }
        Assert.Empty(await bank.ReconcileAsync());
    }

    /// <summary>The payload's error code, "" when it succeeded; a top-level error fails the test.</summary>
    private static string CodeOf(JsonObject response, string mutation)
    {
        Assert.True(response["errors"] is null, response.ToJsonString());
        return response["data"]![mutation]!["errors"]!.AsArray() is [var first, ..] ? (string)first!["code"]! : "";
    }

    private Task<string> ChallengeAsync() =>
        ChallengeSeed.CreateAsync(bank.App, bank.Riverside.Id, bank.Member("tom"), [bank.CategoryId], poolMinutes: 600);

    private async Task<string> LogAsync(string person, string challenge, int minutes)
    {
        var logged = await bank.OkAsync("logContribution", person, new { challengeId = challenge, categoryId = bank.CategoryId, minutes });
        return (string)logged["contribution"]!["id"]!;
    }

    private async Task<JsonNode> CloseAsync(string challenge) =>
        (await ChallengeDriver.MutateAsync(bank, "closeChallenge", "coordinator", new { challengeId = challenge }))["data"]!["closeChallenge"]!;

    private async Task<Challenge> ReadAsync(string challenge)
    {
        await using var db = await DbAsync();
        return await db.Challenges.AsNoTracking().SingleAsync(c => c.Id == ChallengeSeed.Key(challenge, "Challenge"));
    }

    private async Task<TimeBankDbContext> DbAsync() =>
        await bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
}
