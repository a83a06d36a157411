using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Features;
using TimeBank.Api.Tests.Security;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Challenges;

/// <summary>Declining, updating, achieving and closing a challenge, and what each leaves on the ledger and the trail.</summary>
public sealed class ChallengeLifecycleTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    [Fact]
    public async Task ClosingReturnsWhatIsLeftToTheFundInOneEntryAndClosesThePool()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "ACHIEVED");
        var key = Key(id);
        await using var db = await DbAsync();
        var challenge = await db.Challenges.AsNoTracking().SingleAsync(c => c.Id == key);
        var poolId = challenge.PoolAccountId!.Value;
        var fundId = await db.Communities.Where(c => c.Id == challenge.CommunityId).Select(c => c.FundAccountId).SingleAsync();
        await PutInPoolAsync(db, poolId, "maria", 45);
        var fundBefore = await BalanceAsync(db, fundId);

        var closed = await ChallengeDriver.OkAsync(bank, "closeChallenge", "coordinator", new { challengeId = id });

        Assert.Equal("CLOSED", (string?)closed["status"]);
        var pool = await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == poolId);
        Assert.Equal((AccountStatus.Closed, 0L), (pool.Status, pool.BalanceMinutes));
        Assert.Equal(fundBefore + 45, await BalanceAsync(db, fundId));
        var sequence = (long)closed["closingEntrySequence"]!;
        var entry = await db.Set<LedgerEntry>().AsNoTracking().SingleAsync(e => e.Sequence == sequence);
        Assert.Equal((EntryKind.Adjustment, "challenge", key.ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.Kind, entry.CauseType, entry.CauseId));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "challenge.close" && r.SubjectId == key));
        Assert.Empty(await bank.ReconcileAsync());
        var trial = await bank.App.GraphQLAsync("query($c: ID!) { trialBalance(communityId: $c) { balanced total { netMinutes } } }",
            new { c = bank.Riverside.Id }, bank.AdminToken);
        Assert.Equal((true, 0), ((bool)trial["data"]!["trialBalance"]!["balanced"]!, (int)trial["data"]!["trialBalance"]!["total"]!["netMinutes"]!));
    }

    [Fact]
    public async Task ClosingAnEmptyPoolWritesNoEntryAndClosesThePool()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "OPEN");

        var closed = await ChallengeDriver.OkAsync(bank, "closeChallenge", "coordinator", new { challengeId = id });

        Assert.Null((long?)closed["closingEntrySequence"]);
        await using var db = await DbAsync();
        var key = Key(id);
        var poolId = await db.Challenges.Where(c => c.Id == key).Select(c => c.PoolAccountId!.Value).SingleAsync();
        Assert.Equal(AccountStatus.Closed, await db.Set<LedgerAccount>().Where(a => a.Id == poolId).Select(a => a.Status).SingleAsync());
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task ClosingAgainAnswersAsTheFirstTimeAndChangesNothing()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "CLOSED");
        var before = bank.Fingerprint();

        var again = await ChallengeDriver.OkAsync(bank, "closeChallenge", "coordinator", new { challengeId = id });

        Assert.Equal("CLOSED", (string?)again["status"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task DecliningKeepsTheReasonAndAgainWithAnotherReasonIsAConflict()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "DECLINED");
        var before = bank.Fingerprint();

        var same = await ChallengeDriver.OkAsync(bank, "declineChallenge", "coordinator", new { challengeId = id, reason = "Not this year." });
        var other = await ChallengeDriver.MutateAsync(bank, "declineChallenge", "coordinator", new { challengeId = id, reason = "Never." });

        Assert.Equal(("DECLINED", "Not this year."), ((string?)same["status"], (string?)same["declineReason"]));
        Assert.Equal("IDEMPOTENCY_CONFLICT", ChallengeDriver.ErrorCode(other, "declineChallenge"));
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task MarkingAchievedAgainAnswersAsTheFirstTimeAndChangesNothing()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "ACHIEVED");
        var before = bank.Fingerprint();

        var again = await ChallengeDriver.OkAsync(bank, "markChallengeAchieved", "coordinator", new { challengeId = id });

        Assert.Equal("ACHIEVED", (string?)again["status"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ClosingWhatWasAchievedIsNotAchievingAgain()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "CLOSED");

        var response = await ChallengeDriver.MutateAsync(bank, "markChallengeAchieved", "maria", new { challengeId = id });

        Assert.Equal("WRONG_STATUS", ChallengeDriver.ErrorCode(response, "markChallengeAchieved"));
    }

    [Fact]
    public async Task TheLeadUpdatesTheDetailsAndTheSameUpdateAgainChangesNothing()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "OPEN");
        var input = new
        {
            challengeId = id,
            title = "Clean both banks",
            neighbourhood = "",
            deadline = "2027-03-01T00:00:00Z",
            needs = new[] { new { categoryId = bank.CategoryId, minutes = 300 } },
        };

        var updated = await ChallengeDriver.OkAsync(bank, "updateChallenge", "maria", input);
        var before = bank.Fingerprint();
        var again = await ChallengeDriver.OkAsync(bank, "updateChallenge", "maria", input);

        Assert.Equal(("Clean both banks", null, 300), ((string?)updated["title"], (string?)updated["neighbourhood"], (int)updated["neededMinutes"]!));
        var step = updated["timeline"]!["nodes"]!.AsArray()[^1]!;
        Assert.Equal(("update", "OPEN", "title, neighbourhood, deadline, needs"), ((string?)step["action"], (string?)step["toStatus"], (string?)step["note"]));
        Assert.Equal(updated.ToJsonString(), again.ToJsonString());
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task OnlyACoordinatorNamesAnotherLeadWhoMustBeAnActiveMember()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "PROPOSED");

        var byLead = await ChallengeDriver.MutateAsync(bank, "updateChallenge", "maria", new { challengeId = id, leadMemberId = bank.Member("tom") });
        var suspended = await ChallengeDriver.MutateAsync(bank, "updateChallenge", "coordinator", new { challengeId = id, leadMemberId = bank.Member("sam") });
        var outsider = await ChallengeDriver.MutateAsync(bank, "updateChallenge", "coordinator", new { challengeId = id, leadMemberId = bank.Member("hal") });
        var named = await ChallengeDriver.OkAsync(bank, "updateChallenge", "coordinator", new { challengeId = id, leadMemberId = bank.Member("tom") });

        Assert.Equal("FORBIDDEN", ChallengeDriver.ErrorCode(byLead, "updateChallenge"));
        Assert.Equal("WRONG_STATUS", ChallengeDriver.ErrorCode(suspended, "updateChallenge"));
        Assert.Equal("NOT_FOUND", ChallengeDriver.ErrorCode(outsider, "updateChallenge"));
        Assert.Equal("tom", (string?)named["lead"]!["displayName"]);
        await using var db = await DbAsync();
        var key = Key(id);
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "challenge.lead" && r.SubjectId == key));
        // The new lead runs it now; the old one no longer does.
        var byOldLead = await ChallengeDriver.MutateAsync(bank, "updateChallenge", "maria", new { challengeId = id, title = "mine again" });
        Assert.Equal("FORBIDDEN", ChallengeDriver.ErrorCode(byOldLead, "updateChallenge"));
        await ChallengeDriver.OkAsync(bank, "updateChallenge", "tom", new { challengeId = id, title = "tom's now" });
    }

    [Fact]
    public async Task EveryChangeTellsChallengeUpdatedInItsTransaction()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "CLOSED");
        await using var db = await DbAsync();

        var told = await db.Outbox.AsNoTracking().Where(m => m.Topic == "challengeUpdated").Select(m => m.PayloadJson).ToListAsync();

        // Proposed, approved, closed: one event each.
        Assert.Equal(3, told.Count(p => p.Contains($"\"challengeId\":{Key(id)},", StringComparison.Ordinal)));
    }

    /// <summary>Minutes into a pool the way a donation will put them, straight through the ledger writer.</summary>
    private async Task PutInPoolAsync(TimeBankDbContext db, long poolId, string person, long minutes)
    {
        var memberKey = GlobalId.TryDecode<long>(bank.Member(person), "Member", out var k) ? k : 0;
        var accountId = await db.Members.Where(m => m.Id == memberKey).Select(m => m.AccountId!.Value).SingleAsync();
        var ledger = bank.App.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var result = await ledger.SubmitAsync(Transfer.Between(accountId, poolId, minutes, "test:pool:" + poolId, LedgerVocabulary.SystemActor, EntryKind.Donation));
        Assert.True(result.Succeeded, result.Status.ToString());
    }

    private static async Task<long> BalanceAsync(TimeBankDbContext db, long accountId) =>
        (await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == accountId)).BalanceMinutes;

    private static long Key(string id) => GlobalId.TryDecode<long>(id, "Challenge", out var key) ? key : throw new InvalidOperationException(id);

    private Task<TimeBankDbContext> DbAsync() => bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
}
