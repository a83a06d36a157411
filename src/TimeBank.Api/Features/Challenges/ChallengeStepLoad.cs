using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Who takes a step: the user, and the member on whose behalf (the caller's own membership; null for an admin without one).</summary>
public sealed record ChallengeActor(long UserId, long? PrincipalMemberId)
{
    public string LedgerActor => LedgerVocabulary.Actor(UserId);

    public string LedgerPrincipal => LedgerVocabulary.Principal(PrincipalMemberId, UserId);
}

/// <summary>A challenge as loaded for a step (untracked), the caller's roles in its community, and who acts.</summary>
public sealed record ChallengeStep(Challenge Challenge, CommunityRoles Roles, ChallengeActor Actor);

/// <summary>Loads a challenge for a step of an existing challenge, refusing the wrong person as its row says.</summary>
public static class ChallengeStepLoad
{
    /// <summary>
    /// Someone who may not see the challenge (anonymous aside, who is told to log in) is told it does not exist, so
    /// another community's ids cannot be probed; someone who sees it but may not take the step is refused (an auditor
    /// with the auditor's rule).
    /// </summary>
    public static async Task<Outcome<ChallengeStep>> LoadAsync(TimeBankDbContext db, long challengeId, Caller caller, ChallengeMove move, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (caller.RefuseAnonymous($"Log in to {move.Verb} a challenge.") is { } anonymous)
        {
            return anonymous;
        }
        var challenge = await db.Challenges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == challengeId, ct);
        if (challenge is null)
        {
            return NotFound;
        }
        var roles = await CommunityRoles.LoadAsync(db, challenge.CommunityId, caller, ct);
        if (!roles.MaySee(challenge))
        {
            return NotFound;
        }
        var allowed = move.Party switch
        {
            ChallengeParty.Coordinator => roles.IsCoordinator,
            ChallengeParty.Lead => roles.MayLead(challenge),
            _ => roles.MayActAsMember || roles.IsCoordinator,
        };
        if (!allowed)
        {
            return roles.Forbid(move.Party == ChallengeParty.Coordinator
                ? $"Only a coordinator may {move.Verb} a challenge."
                : $"Only the challenge's lead or a coordinator may {move.Verb} it.");
        }
        return new ChallengeStep(challenge, roles, new ChallengeActor(caller.UserId!.Value, roles.Membership?.Id));
    }

    private static Failure NotFound => new(ErrorCode.NotFound, "No such challenge.", "challengeId");
}
