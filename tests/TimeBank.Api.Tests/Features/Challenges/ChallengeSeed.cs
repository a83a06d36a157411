using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Challenges;

/// <summary>
/// A challenge made straight in the database, in any status a test needs, with its needs and (from OPEN on) its pool
/// opened and funded from the community's ISSUANCE account as approval and a grant would (a CLOSED one's pool is empty
/// and closed). Proposing and approving over the API belong to the challenge lifecycle's tests; the pool's, pledges' and
/// contributions' tests start from a challenge already running.
/// </summary>
public static class ChallengeSeed
{
    /// <summary>A challenge of <paramref name="communityId"/> led by <paramref name="leadMemberId"/> (global IDs); returns its global ID.</summary>
    public static async Task<string> CreateAsync(
        TimeBankApplication app, string communityId, string leadMemberId, IReadOnlyList<string> categoryIds, int neededMinutes = 600,
        int poolMinutes = 600, ChallengeStatus status = ChallengeStatus.Open)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Id == Key(communityId, "Community"));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var challenge = new Challenge
        {
            CommunityId = community.Id,
            Title = "winter coats drive",
            Description = "Collect, mend and hand out winter coats.",
            Status = status,
            DeclineReason = status == ChallengeStatus.Declined ? "not this year" : null,
            ProposedByMemberId = Key(leadMemberId, "Member"),
            LeadMemberId = Key(leadMemberId, "Member"),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Challenges.Add(challenge);
        await db.SaveChangesAsync();
        db.ChallengeNeeds.AddRange(categoryIds.Select(c => new ChallengeNeed { ChallengeId = challenge.Id, CategoryId = Key(c, "Category"), Minutes = neededMinutes }));
        if (status is not ChallengeStatus.Proposed and not ChallengeStatus.Declined)
        {
            challenge.PoolAccountId = await OpenPoolAsync(app, community, challenge.Id, poolMinutes, status);
        }
        await db.SaveChangesAsync();
        if (status == ChallengeStatus.Closed)
        {
            await SubmitAsync(app, new CloseAccount(challenge.PoolAccountId!.Value) { IdempotencyKey = $"test:close:{challenge.Id}", ActorId = LedgerVocabulary.SystemActor });
        }
        return GlobalId.Encode("Challenge", challenge.Id);
    }

    /// <summary>The pool's balance now, as the ledger holds it.</summary>
    public static async Task<long> PoolBalanceAsync(TimeBankApplication app, string challengeId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var poolId = await db.Challenges.Where(c => c.Id == Key(challengeId, "Challenge")).Select(c => c.PoolAccountId!.Value).SingleAsync();
        var pool = await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == poolId);
        return pool.BalanceMinutes;
    }

    /// <summary>Moves a challenge to <paramref name="status"/> as its lifecycle would, leaving its pool as it is.</summary>
    public static async Task SetStatusAsync(TimeBankApplication app, string challengeId, ChallengeStatus status)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var changed = await db.Challenges.Where(c => c.Id == Key(challengeId, "Challenge"))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, status).SetProperty(c => c.Version, c => c.Version + 1));
        Assert.Equal(1, changed);
    }

    public static long Key(string globalId, string type) =>
        GlobalId.TryDecode<long>(globalId, type, out var key) ? key : throw new ArgumentException($"'{globalId}' is not a {type} ID.", nameof(globalId));

    private static async Task<long> OpenPoolAsync(TimeBankApplication app, Community community, long challengeId, int poolMinutes, ChallengeStatus status)
    {
        var opened = await SubmitAsync(app, new OpenAccount(community.LedgerGroup, LedgerVocabulary.PoolAccountCode(challengeId), AccountKind.Pool, 0, null)
        {
            IdempotencyKey = LedgerVocabulary.PoolAccountKey(challengeId),
            ActorId = LedgerVocabulary.SystemActor,
            Cause = LedgerVocabulary.ChallengeCause(challengeId),
        });
        if (poolMinutes > 0 && status != ChallengeStatus.Closed)
        {
            await SubmitAsync(app, Transfer.Between(community.IssuanceAccountId, opened.AccountId!.Value, poolMinutes, $"test:fund-pool:{challengeId}",
                LedgerVocabulary.SystemActor, EntryKind.Grant) with
            { Cause = LedgerVocabulary.ChallengeCause(challengeId) });
        }
        return opened.AccountId!.Value;
    }

    private static async Task<LedgerResult> SubmitAsync(TimeBankApplication app, LedgerCommand command)
    {
        var result = await app.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>().SubmitAsync(command);
        Assert.True(result.Succeeded, $"{command.GetType().Name}: {result.Status}");
        return result;
    }
}
