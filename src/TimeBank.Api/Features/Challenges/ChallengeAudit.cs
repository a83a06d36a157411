using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;

namespace TimeBank.Api.Features.Challenges;

/// <summary>
/// Which steps of a challenge the audit trail records: a coordinator's decisions (approving, declining, closing), a
/// lead named by a coordinator, and a challenge proposed on a member's behalf. A member's own steps are on the
/// challenge's timeline and need no record.
/// </summary>
public static class ChallengeAudit
{
    /// <summary>The record of <paramref name="ask"/> taken on <paramref name="step"/>'s challenge from <paramref name="from"/>, or null.</summary>
    public static AuditAct? Of(ChallengeStep step, ChallengeAsk ask, ChallengeStatus? from)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        var challenge = step.Challenge;
        var action = ask.Move.Action switch
        {
            "approve" => AuditActions.ChallengeApprove,
            "decline" => AuditActions.ChallengeDecline,
            "close" => AuditActions.ChallengeClose,
            _ => null,
        };
        return action is null
            ? null
            : new AuditAct(action, challenge.CommunityId, AuditActions.Subjects.Challenge, challenge.Id)
            {
                PrincipalMemberId = challenge.LeadMemberId,
                Reason = ask.RecordedNote,
                Before = new { status = from?.ToString().ToUpperInvariant() },
                After = new { status = challenge.Status.ToString().ToUpperInvariant(), poolAccountId = challenge.PoolAccountId, closingEntrySequence = challenge.ClosingEntrySequence },
            };
    }

    /// <summary>A coordinator named <paramref name="newLeadMemberId"/> to lead the challenge in place of <paramref name="oldLeadMemberId"/>.</summary>
    public static AuditAct Lead(Challenge challenge, long oldLeadMemberId, long newLeadMemberId)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return new AuditAct(AuditActions.ChallengeLead, challenge.CommunityId, AuditActions.Subjects.Challenge, challenge.Id)
        {
            PrincipalMemberId = newLeadMemberId,
            Before = new { leadMemberId = oldLeadMemberId },
            After = new { leadMemberId = newLeadMemberId },
        };
    }

    /// <summary>A coordinator proposed (or made from the community's needs) a challenge for a member.</summary>
    public static AuditAct Proposed(Challenge challenge, string action)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return new AuditAct(action, challenge.CommunityId, AuditActions.Subjects.Challenge, challenge.Id)
        {
            PrincipalMemberId = challenge.ProposedByMemberId,
            After = new { status = challenge.Status.ToString().ToUpperInvariant() },
        };
    }
}
