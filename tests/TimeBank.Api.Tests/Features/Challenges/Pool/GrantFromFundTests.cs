using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Challenges.Pool;

public sealed class GrantFromFundTests(PoolFixture pool) : IClassFixture<PoolFixture>
{
    [Fact]
    public async Task MembersGiveToTheFundAndACoordinatorGrantsFromItToAPool()
    {
        var challenge = await pool.OpenChallengeAsync();
        var fundBefore = await FundAsync();
        var mariaBefore = await pool.BalanceAsync("maria");

        PoolFixture.Ok(await pool.GiveAsync("donateToFund", "maria", new { communityId = pool.Riverside.Id, minutes = 40 }));
        var payload = await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = challenge, minutes = 30, idempotencyKey = "grant-1" });

        var sequence = PoolFixture.Ok(payload);
        Assert.Equal(30, (int)payload["challenge"]!["poolBalanceMinutes"]!);
        Assert.Equal(fundBefore + 10, await FundAsync());
        Assert.Equal(mariaBefore - 40, await pool.BalanceAsync("maria"));
        await using var db = await pool.Contexts().CreateDbContextAsync();
        Assert.Equal(EntryKind.Grant, (await db.Set<LedgerEntry>().SingleAsync(e => e.Sequence == sequence)).Kind);
        var act = await db.AuditRecords.SingleAsync(r => r.Action == AuditActions.ChallengeGrant && r.SubjectId == ChallengeSeed.Key(challenge, "Challenge"));
        Assert.Equal(AuditActions.Subjects.Challenge, act.SubjectType);
        Assert.Equal("""{"minutes":30}""", act.AfterJson);
    }

    [Fact]
    public async Task AFundThatIsShortSaysWhatItHoldsAndChangesNothing()
    {
        var challenge = await pool.OpenChallengeAsync();
        var holds = await FundAsync();
        var before = pool.Fingerprint();

        var payload = await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = challenge, minutes = (int)holds + 1, idempotencyKey = "too-much" });

        Assert.Equal("INSUFFICIENT_CREDIT", PoolFixture.ErrorCode(payload));
        Assert.Contains($"The community fund holds {holds} minutes and can grant {holds}", (string)payload["errors"]![0]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(before, pool.Fingerprint());
    }

    [Fact]
    public async Task AnAchievedChallengeStillTakesGrantsButNoDonations()
    {
        var challenge = await pool.OpenChallengeAsync();
        PoolFixture.Ok(await pool.GiveAsync("donateToFund", "tom", new { communityId = pool.Riverside.Id, minutes = 10 }));
        await ChallengeSeed.SetStatusAsync(pool.App, challenge, ChallengeStatus.Achieved);

        var donation = await pool.GiveAsync("donateToChallenge", "tom", new { challengeId = challenge, minutes = 5 });
        var grant = await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = challenge, minutes = 5, idempotencyKey = "late contributions" });

        Assert.Equal("WRONG_STATUS", PoolFixture.ErrorCode(donation));
        PoolFixture.Ok(grant);
    }

    [Fact]
    public async Task RepeatedGrantsAnswerAsTheFirstAndOtherContentIsAConflict()
    {
        var challenge = await pool.OpenChallengeAsync();
        PoolFixture.Ok(await pool.GiveAsync("donateToFund", "nina", new { communityId = pool.Riverside.Id, minutes = 20, idempotencyKey = "fund" }));
        var first = PoolFixture.Ok(await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = challenge, minutes = 9, idempotencyKey = "g" }));
        var before = pool.Fingerprint();

        var again = await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = challenge, minutes = 9, idempotencyKey = "g" });
        var other = await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = challenge, minutes = 10, idempotencyKey = "g" });
        var fundAgain = await pool.GiveAsync("donateToFund", "nina", new { communityId = pool.Riverside.Id, minutes = 20, idempotencyKey = "fund" });

        Assert.Equal(first, PoolFixture.Ok(again));
        Assert.Equal("IDEMPOTENCY_CONFLICT", PoolFixture.ErrorCode(other));
        PoolFixture.Ok(fundAgain);
        Assert.Equal(before, pool.Fingerprint());
    }

    [Fact]
    public async Task DonationsGrantsAndAClosingLeaveTheLedgerReconciledAndTheTrialBalanceAtZero()
    {
        var first = await pool.OpenChallengeAsync();
        var second = await pool.OpenChallengeAsync(lead: "tom");
        foreach (var (person, challenge, minutes) in new[] { ("maria", first, 15), ("tom", first, 20), ("nina", second, 5), ("maria", second, 30) })
        {
            PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", person, new { challengeId = challenge, minutes }));
        }
        PoolFixture.Ok(await pool.GiveAsync("donateToFund", "tom", new { communityId = pool.Riverside.Id, minutes = 50 }));
        PoolFixture.Ok(await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = first, minutes = 25, idempotencyKey = "series-1" }));
        PoolFixture.Ok(await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = second, minutes = 25, idempotencyKey = "series-2" }));
        PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "coordinator", new { challengeId = second, minutes = 4, onBehalfOfMemberId = pool.Member("nina") }));
        var closed = await pool.ApprovedChallengeAsync();
        PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "nina", new { challengeId = closed, minutes = 9 }));
        PoolFixture.Ok(await pool.GiveAsync("grantFromFund", "coordinator", new { challengeId = closed, minutes = 1, idempotencyKey = "series-3" }));
        var fundBeforeClosing = await FundAsync();
        await pool.Riverside.OkAsync(pool.App, "coordinator", "closeChallenge", new { challengeId = closed });
        var afterClosing = await pool.GiveAsync("donateToChallenge", "nina", new { challengeId = closed, minutes = 9 });

        await using var db = await pool.Contexts().CreateDbContextAsync();
        Assert.Empty(await db.ReconcileLedgerAsync());
        var group = await db.Communities.Where(c => c.Id == ChallengeSeed.Key(pool.Riverside.Id, "Community")).Select(c => c.LedgerGroup).SingleAsync();
        var trial = await db.GetTrialBalanceAsync(group);
        Assert.True(trial.IsBalanced);
        Assert.Equal(0, trial.Total.NetMinutes);
        var read = await pool.ReadPoolAsync(second, pool.Token("nina"));
        Assert.Equal(5 + 30 + 25 + 4, (int)read!["poolBalanceMinutes"]!);
        Assert.Equal(fundBeforeClosing + 10, await FundAsync());
        Assert.Equal("WRONG_STATUS", PoolFixture.ErrorCode(afterClosing));
        var emptied = await pool.ReadPoolAsync(closed, pool.Token("nina"));
        Assert.Equal((0, "ADJUSTMENT", -10), ((int)emptied!["poolBalanceMinutes"]!, (string)emptied["poolEntries"]!["nodes"]![0]!["kind"]!, (int)emptied["poolEntries"]!["nodes"]![0]!["minutes"]!));
        Assert.Equal(["nina"], emptied["donors"]!["nodes"]!.AsArray().Select(d => (string)d!["member"]!["displayName"]!));
    }

    private async Task<long> FundAsync()
    {
        await using var db = await pool.Contexts().CreateDbContextAsync();
        var fund = await db.Communities.Where(c => c.Id == ChallengeSeed.Key(pool.Riverside.Id, "Community")).Select(c => c.FundAccountId).SingleAsync();
        return (await db.FindLedgerAccountAsync(fund))!.BalanceMinutes;
    }
}
