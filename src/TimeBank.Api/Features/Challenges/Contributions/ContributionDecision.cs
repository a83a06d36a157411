using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>A contribution to decide on, with its challenge, the contributor and the community's policy version in force.</summary>
public sealed record ContributionCase(ChallengeContribution Contribution, Challenge Challenge, Member Contributor, int PolicyVersion);

/// <summary>
/// Who decides on a contribution: the challenge's lead or a coordinator of its community (never an auditor), and never
/// the contributor, nor whoever logged it: a coordinator who logged work for a member, or did it, does not also judge
/// it, so every payment from a pool has two people behind it.
/// </summary>
public static class ContributionDecision
{
    public static async Task<Outcome<ContributionCase>> LoadAsync(TimeBankDbContext db, Caller caller, long contributionId, string verb, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.RefuseAnonymous($"Log in to {verb} a contribution.") is { } anonymous)
        {
            return anonymous;
        }
        var found = await (
                from contribution in db.ChallengeContributions.AsNoTracking()
                where contribution.Id == contributionId
                join challenge in db.Challenges on contribution.ChallengeId equals challenge.Id
                join contributor in db.Members on contribution.ContributorMemberId equals contributor.Id
                join community in db.Communities on challenge.CommunityId equals community.Id
                select new { contribution, challenge, contributor, community.PolicyVersion })
            .AsNoTracking().SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return new Failure(ErrorCode.NotFound, "No such contribution.", "contributionId");
        }
        var roles = await CommunityRoles.LoadAsync(db, found.challenge.CommunityId, caller, ct);
        if (!roles.MayLead(found.challenge))
        {
            return roles.Refuse("No such contribution.", "contributionId", $"Only the challenge's lead or a coordinator may {verb} its contributions.");
        }
        if (found.contributor.UserId == caller.UserId || found.contribution.LoggedByUserId == caller.UserId)
        {
            return new Failure(ErrorCode.Forbidden, $"You did or logged this work, so someone else must {verb} it: the lead or another coordinator.");
        }
        return new ContributionCase(found.contribution, found.challenge, found.contributor, found.PolicyVersion);
    }

    /// <summary>WRONG_STATUS unless the challenge still pays: decisions are made while it is OPEN or ACHIEVED, with its pool open.</summary>
    public static Failure? RefuseUndecidable(Challenge challenge, string decided)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return challenge.Status is ChallengeStatus.Open or ChallengeStatus.Achieved && challenge.PoolAccountId is not null
            ? null
            : new Failure(ErrorCode.WrongStatus,
                $"Contributions are decided while their challenge is OPEN or ACHIEVED; this one is {ChallengeParticipation.Upper(challenge.Status)}, so none can be {decided}.");
    }

    /// <summary>
    /// The audit record of a decision: whoever decides spends (or refuses) the community's pooled minutes on someone
    /// else's word, an administrative act like a grant, so it is on the trail with the contributor as principal.
    /// </summary>
    public static AuditAct Audit(ContributionCase found, string action, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(found);
        var contribution = found.Contribution;
        return new AuditAct(action, found.Challenge.CommunityId, AuditActions.Subjects.Contribution, contribution.Id)
        {
            PrincipalMemberId = contribution.ContributorMemberId,
            Reason = reason,
            Before = new { status = "LOGGED" },
            After = new
            {
                status = contribution.Status.ToString().ToUpperInvariant(),
                challengeId = found.Challenge.Id,
                minutes = contribution.Minutes,
                paymentEntrySequence = contribution.PaymentEntrySequence,
            },
        };
    }

    public static Failure AlreadyDecided(ChallengeContribution contribution, string verb)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return new(ErrorCode.WrongStatus, $"Cannot {verb} a contribution that is already {contribution.Status.ToString().ToUpperInvariant()}.");
    }
}
