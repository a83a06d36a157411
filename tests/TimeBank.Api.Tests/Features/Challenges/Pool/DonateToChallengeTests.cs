using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Tests.Features.Challenges.Pool;

public sealed class DonateToChallengeTests(PoolFixture pool) : IClassFixture<PoolFixture>
{
    [Fact]
    public async Task MovesMinutesFromTheDonorToThePoolInOneDonationEntry()
    {
        var challenge = await pool.OpenChallengeAsync();
        var before = await pool.BalanceAsync("tom");

        var payload = await pool.GiveAsync("donateToChallenge", "tom", new { challengeId = challenge, minutes = 25 });

        var sequence = PoolFixture.Ok(payload);
        Assert.Equal(25, (int)payload["challenge"]!["poolBalanceMinutes"]!);
        Assert.Equal(25, (int)payload["minutes"]!);
        Assert.Equal(before - 25, await pool.BalanceAsync("tom"));
        await using var db = await pool.Contexts().CreateDbContextAsync();
        var entry = await db.Set<LedgerEntry>().Include(e => e.Postings).SingleAsync(e => e.Sequence == sequence);
        Assert.Equal(EntryKind.Donation, entry.Kind);
        Assert.Equal(("challenge", ChallengeSeed.Key(challenge, "Challenge").ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.CauseType, entry.CauseId));
        Assert.Equal($"member:{ChallengeSeed.Key(pool.Member("tom"), "Member")}", entry.PrincipalId);
    }

    [Fact]
    public async Task ADonationReachesThePoolApprovalOpened()
    {
        var challenge = await pool.ApprovedChallengeAsync();

        var payload = await pool.GiveAsync("donateToChallenge", "nina", new { challengeId = challenge, minutes = 15 });

        PoolFixture.Ok(payload);
        var read = await pool.ReadPoolAsync(challenge, pool.Token("tom"));
        Assert.Equal(15, (int)read!["poolBalanceMinutes"]!);
        Assert.Equal(["nina"], read["donors"]!["nodes"]!.AsArray().Select(d => (string)d!["member"]!["displayName"]!));
    }

    [Fact]
    public async Task TellsTheChallengeAndTheDonorsBalanceInTheSameTransaction()
    {
        var challenge = await pool.OpenChallengeAsync();
        await using var db = await pool.Contexts().CreateDbContextAsync();
        var last = await db.Outbox.MaxAsync(m => m.Id);

        PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "nina", new { challengeId = challenge, minutes = 5 }));

        var topics = await db.Outbox.Where(m => m.Id > last).OrderBy(m => m.Id).Select(m => new { m.Topic }).ToListAsync();
        Assert.Single(topics, t => t.Topic == "challengeUpdated");
        Assert.Contains(topics, t => t.Topic == "balanceChanged");
        Assert.Contains(topics, t => t.Topic == "ledgerEntryPosted");
    }

    [Fact]
    public async Task PastTheFloorIsInsufficientCreditSayingWhatIsAvailableAndChangesNothing()
    {
        var challenge = await pool.OpenChallengeAsync();
        var available = await pool.BalanceAsync("nina") + 600;
        var before = pool.Fingerprint();

        var payload = await pool.GiveAsync("donateToChallenge", "nina", new { challengeId = challenge, minutes = (int)available + 1 });

        Assert.Equal("INSUFFICIENT_CREDIT", PoolFixture.ErrorCode(payload));
        Assert.Contains($"has {available} minutes available", (string)payload["errors"]![0]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(before, pool.Fingerprint());
    }

    [Fact]
    public async Task TheSameKeyAndContentReturnsTheFirstEntryEvenAfterTheChallengeMovedOn()
    {
        var challenge = await pool.OpenChallengeAsync();
        var input = new { challengeId = challenge, minutes = 7, idempotencyKey = "coat-drive-7" };
        var first = PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "maria", input));
        await ChallengeSeed.SetStatusAsync(pool.App, challenge, ChallengeStatus.Achieved);
        var before = pool.Fingerprint();

        var again = await pool.GiveAsync("donateToChallenge", "maria", input);

        Assert.Equal(first, PoolFixture.Ok(again));
        Assert.Equal(7, (int)again["challenge"]!["poolBalanceMinutes"]!);
        Assert.Equal(before, pool.Fingerprint());
    }

    [Fact]
    public async Task TheSameKeyWithOtherContentIsAConflictAndChangesNothing()
    {
        var challenge = await pool.OpenChallengeAsync();
        PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "maria", new { challengeId = challenge, minutes = 7, idempotencyKey = "twice" }));
        var other = await pool.OpenChallengeAsync();
        var before = pool.Fingerprint();

        var moreMinutes = await pool.GiveAsync("donateToChallenge", "maria", new { challengeId = challenge, minutes = 8, idempotencyKey = "twice" });
        var otherChallenge = await pool.GiveAsync("donateToChallenge", "maria", new { challengeId = other, minutes = 7, idempotencyKey = "twice" });
        var toTheFund = await pool.GiveAsync("donateToFund", "maria", new { communityId = pool.Riverside.Id, minutes = 7, idempotencyKey = "twice" });

        Assert.Equal("IDEMPOTENCY_CONFLICT", PoolFixture.ErrorCode(moreMinutes));
        Assert.Equal("IDEMPOTENCY_CONFLICT", PoolFixture.ErrorCode(otherChallenge));
        Assert.Equal("IDEMPOTENCY_CONFLICT", PoolFixture.ErrorCode(toTheFund));
        Assert.Equal(before, pool.Fingerprint());
    }

    [Fact]
    public async Task WithoutAKeyEveryCallGives()
    {
        var challenge = await pool.OpenChallengeAsync();
        var input = new { challengeId = challenge, minutes = 3 };

        var first = PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "tom", input));
        var second = await pool.GiveAsync("donateToChallenge", "tom", input);

        Assert.NotEqual(first, PoolFixture.Ok(second));
        Assert.Equal(6, (int)second["challenge"]!["poolBalanceMinutes"]!);
    }

    [Fact]
    public async Task ACoordinatorDonatesOnAMembersBehalfRecordingActorAndPrincipal()
    {
        var challenge = await pool.OpenChallengeAsync(lead: "maria");
        var before = await pool.BalanceAsync("nina");

        var sequence = PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "coordinator",
            new { challengeId = challenge, minutes = 11, onBehalfOfMemberId = pool.Member("nina") }));

        Assert.Equal(before - 11, await pool.BalanceAsync("nina"));
        await using var db = await pool.Contexts().CreateDbContextAsync();
        var entry = await db.Set<LedgerEntry>().SingleAsync(e => e.Sequence == sequence);
        var coordinator = await db.Members.SingleAsync(m => m.Id == ChallengeSeed.Key(pool.Member("coordinator"), "Member"));
        var nina = ChallengeSeed.Key(pool.Member("nina"), "Member");
        Assert.Equal(($"user:{coordinator.UserId}", $"member:{nina}"), (entry.ActorId, entry.PrincipalId));
        var act = await db.AuditRecords.SingleAsync(r => r.Action == AuditActions.ChallengeDonateOnBehalf && r.SubjectId == ChallengeSeed.Key(challenge, "Challenge"));
        Assert.Equal((coordinator.UserId, nina), (act.ActorUserId, act.PrincipalMemberId!.Value));
    }

    [Fact]
    public async Task ACoordinatorWhoLeadsTheChallengeGivesOnlyAsThemself()
    {
        var challenge = await pool.OpenChallengeAsync(lead: "coordinator");
        var before = pool.Fingerprint();

        var onBehalf = await pool.GiveAsync("donateToChallenge", "coordinator",
            new { challengeId = challenge, minutes = 11, onBehalfOfMemberId = pool.Member("nina") });

        Assert.Equal("FORBIDDEN", PoolFixture.ErrorCode(onBehalf));
        Assert.Equal(before, pool.Fingerprint());
        PoolFixture.Ok(await pool.GiveAsync("donateToChallenge", "coordinator", new { challengeId = challenge, minutes = 11 }));
    }
}
