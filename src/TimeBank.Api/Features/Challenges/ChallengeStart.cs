using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges;

/// <summary>What the steps that create a challenge share: the deadline's rule and the new rows, saved together.</summary>
public static class ChallengeStart
{
    /// <summary>A deadline in UTC, in the future; null when none was given.</summary>
    public static Outcome<DateTime?> Deadline(DateTime? requested, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (requested is not { } given)
        {
            return (DateTime?)null;
        }
        var deadline = ListingChange.ToUtc(given);
        return deadline > clock.GetUtcNow().UtcDateTime ? deadline : new Failure(ErrorCode.InvalidInput, "The deadline must be in the future.", "deadline");
    }

    /// <summary>A neighbourhood as stored: trimmed, null when blank.</summary>
    public static string? Neighbourhood(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Saves a new PROPOSED challenge with its needs, its first timeline step (taken by <paramref name="actor"/>), the
    /// audit record a coordinator's act leaves (<paramref name="auditAction"/>, null for none) and
    /// its event, all in one transaction.
    /// </summary>
    public static async Task<Challenge> CreateAsync(
        ChallengeRun run, Challenge challenge, IReadOnlyList<ChallengeNeed> needs, ChallengeActor actor, ChallengeMove move, string? auditAction)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(move);
        var db = run.Db;
        challenge.Status = move.To!.Value;
        challenge.CreatedAt = challenge.UpdatedAt = run.Clock.GetUtcNow().UtcDateTime;
        // The needs and the first step need the challenge's id, so two saves; one transaction keeps them one change.
        await using var transaction = await db.Database.BeginTransactionAsync(run.Ct);
        db.Challenges.Add(challenge);
        await db.SaveChangesAsync(run.Ct);
        foreach (var need in needs)
        {
            need.ChallengeId = challenge.Id;
            db.ChallengeNeeds.Add(need);
        }
        db.ChallengeTransitions.Add(ChallengeFlow.Transition(actor, challenge.Id, null, new ChallengeAsk(move), challenge.CreatedAt));
        if (auditAction is not null)
        {
            AuditTrail.For(db, run.Clock).Add(ChallengeAudit.Proposed(challenge, auditAction), actor.UserId);
        }
        ChallengeEvents.TellUpdated(OutboxWriter.For(db, run.Clock), challenge.Id, ChallengeChange.Status);
        await db.SaveChangesAsync(run.Ct);
        await transaction.CommitAsync(run.Ct);
        return challenge;
    }
}
