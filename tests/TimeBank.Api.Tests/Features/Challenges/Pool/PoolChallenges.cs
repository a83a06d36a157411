using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Challenges.Pool;

/// <summary>
/// Challenges seeded straight into the database, in any status, for the pool's tests: the row, and (for a challenge
/// that was approved) its pool opened by the ledger writer as approval opens it; a CLOSED one's pool is closed.
/// </summary>
public static class PoolChallenges
{
    public static async Task<string> SeedAsync(TimeBankApplication app, string communityId, string leadMemberId, ChallengeStatus status = ChallengeStatus.Open)
    {
        ArgumentNullException.ThrowIfNull(app);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>();
        var ledger = app.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var community = Key("Community", communityId);
        var lead = Key("Member", leadMemberId);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync();
        var group = await db.Communities.Where(c => c.Id == community).Select(c => c.LedgerGroup).SingleAsync();
        var challenge = new Challenge
        {
            CommunityId = community,
            Title = $"winter coats ({status})",
            Description = "Collect and mend winter coats for the shelter.",
            Status = status,
            ProposedByMemberId = lead,
            LeadMemberId = lead,
            DeclineReason = status == ChallengeStatus.Declined ? "not this year" : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Challenges.Add(challenge);
        await db.SaveChangesAsync();
        if (status is not (ChallengeStatus.Proposed or ChallengeStatus.Declined))
        {
            var opened = await ledger.SubmitAsync(new OpenAccount(group, LedgerVocabulary.PoolAccountCode(challenge.Id), AccountKind.Pool, 0, null)
            {
                IdempotencyKey = LedgerVocabulary.PoolAccountKey(challenge.Id),
                ActorId = LedgerVocabulary.SystemActor,
                Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
            });
            Assert.True(opened.Succeeded, opened.Status.ToString());
            challenge.PoolAccountId = opened.AccountId;
            await db.SaveChangesAsync();
            if (status == ChallengeStatus.Closed)
            {
                var closed = await ledger.SubmitAsync(new CloseAccount(opened.AccountId!.Value)
                {
                    IdempotencyKey = $"test:challenge:{challenge.Id}:close-pool",
                    ActorId = LedgerVocabulary.SystemActor,
                    Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
                });
                Assert.True(closed.Succeeded, closed.Status.ToString());
            }
        }
        return GlobalId.Encode("Challenge", challenge.Id);
    }

    /// <summary>Moves a seeded challenge to <paramref name="status"/> as if its lifecycle had (the pool stays as it is).</summary>
    public static async Task SetStatusAsync(TimeBankApplication app, string challengeId, ChallengeStatus status)
    {
        ArgumentNullException.ThrowIfNull(app);
        var id = Key("Challenge", challengeId);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Challenges.Where(c => c.Id == id).ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, status)));
    }

    public static long Key(string type, string globalId) =>
        GlobalId.TryDecode<long>(globalId, type, out var key) ? key : throw new ArgumentException($"not a {type} ID: {globalId}", nameof(globalId));
}
