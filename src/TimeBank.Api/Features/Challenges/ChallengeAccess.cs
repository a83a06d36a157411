using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Who sees and who leads a challenge.</summary>
public static class ChallengeAccess
{
    /// <summary>A challenge is the community's own: its active members, coordinators and auditors see it, pool and progress included.</summary>
    public static bool MaySee(this CommunityRoles roles, Challenge challenge)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(challenge);
        return roles.IsActiveMember || roles.IsCoordinator || roles.IsAuditor;
    }

    /// <summary>The lead and the community's coordinators run a challenge (update it, verify contributions); auditors never.</summary>
    public static bool MayLead(this CommunityRoles roles, Challenge challenge)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(challenge);
        return roles.IsCoordinator || (roles.MayActAsMember && roles.Membership!.Id == challenge.LeadMemberId);
    }
}
