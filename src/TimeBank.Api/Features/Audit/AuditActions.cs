namespace TimeBank.Api.Features.Audit;

/// <summary>
/// The words of <c>AuditRecord.Action</c>: what an administrative act was. A filter of the trail names them, so they
/// are written here only and never changed.
/// </summary>
public static class AuditActions
{
    public const string MemberApprove = "member.approve";
    public const string MemberDecline = "member.decline";
    public const string MemberSuspend = "member.suspend";
    public const string MemberReinstate = "member.reinstate";

    /// <summary>A coordinator ended someone else's membership (a member leaving by themself is no administrative act).</summary>
    public const string MemberRemove = "member.remove";

    public const string MemberRoles = "member.roles";
    public const string MemberErase = "member.erase";
    public const string CommunityPolicy = "community.policy";

    /// <summary>A policy's new limits applied to one account, one record per account.</summary>
    public const string AccountLimits = "account.limits";

    public const string CategoryAdd = "category.add";
    public const string CategoryUpdate = "category.update";
    public const string EntryReverse = "entry.reverse";
    public const string PeriodClose = "period.close";

    /// <summary>A coordinator resolved a dispute: a judge's decision, for neither party.</summary>
    public const string ExchangeResolve = "exchange.resolve";

    /// <summary>A coordinator approved a proposed challenge and opened its pool.</summary>
    public const string ChallengeApprove = "challenge.approve";

    public const string ChallengeDecline = "challenge.decline";

    /// <summary>A coordinator closed a challenge: what was left in its pool went to the fund, and the pool closed.</summary>
    public const string ChallengeClose = "challenge.close";

    /// <summary>A coordinator named another member to lead a challenge.</summary>
    public const string ChallengeLead = "challenge.lead";

    /// <summary>A coordinator proposed a challenge on a member's behalf.</summary>
    public const string ChallengeProposeOnBehalf = "challenge.propose.on-behalf";

    /// <summary>A coordinator made a proposed challenge from the community's unanswered requests.</summary>
    public const string ChallengeFromNeeds = "challenge.from-needs";

    /// <summary>A coordinator took a party's step of an exchange for them: <c>exchange.&lt;step&gt;.on-behalf</c>.</summary>
    public static string ExchangeOnBehalf(string step) => $"exchange.{step}.on-behalf";

    /// <summary>A coordinator granted minutes from the community fund to a challenge's pool.</summary>
    public const string ChallengeGrant = "challenge.grant";

    /// <summary>A coordinator gave a member's minutes to a challenge's pool on their behalf.</summary>
    public const string ChallengeDonateOnBehalf = "challenge.donate.on-behalf";

    /// <summary>The lead or a coordinator verified a contribution: the challenge's pool paid its contributor.</summary>
    public const string ContributionVerify = "contribution.verify";

    /// <summary>The lead or a coordinator rejected a contribution, with a reason: nothing was paid.</summary>
    public const string ContributionReject = "contribution.reject";

    /// <summary>The kinds of thing an act is done to (<c>AuditRecord.SubjectType</c>).</summary>
    public static class Subjects
    {
        public const string Member = "member";
        public const string Community = "community";
        public const string Category = "category";
        public const string Account = "account";
        public const string Exchange = "exchange";
        public const string Entry = "entry";
        public const string Period = "period";
        public const string Challenge = "challenge";
        public const string Contribution = "contribution";
    }
}
