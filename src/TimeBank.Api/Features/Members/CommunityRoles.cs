using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>What the caller may do in one community, read from their active membership there.</summary>
public sealed record CommunityRoles(Caller Caller, Member? Membership)
{
    public bool IsActiveMember => Membership is { Status: MemberStatus.Active };

    /// <summary>Coordinators run the community; deployment admins may do whatever a coordinator may.</summary>
    public bool IsCoordinator => Caller.IsAdmin || (IsActiveMember && Membership!.Roles.HasFlag(MemberRoles.Coordinator));

    /// <summary>Auditors read every account and entry of the community, and write nothing.</summary>
    public bool IsAuditor => Caller.IsAdmin || (IsActiveMember && Membership!.Roles.HasFlag(MemberRoles.Auditor));

    /// <summary>Balances are visible to their owner, coordinators and auditors only.</summary>
    public bool MaySeeBalanceOf(Member member) => IsCoordinator || IsAuditor || member.UserId == Caller.UserId;

    /// <summary>
    /// The answer to someone who may not act on something of this community: people outside it are told it
    /// does not exist, so its IDs cannot be probed; people inside are told they may not.
    /// </summary>
    public Failure Refuse(string notFoundMessage, string field, string forbiddenMessage) =>
        Membership is null && !Caller.IsAdmin
            ? new Failure(ErrorCode.NotFound, notFoundMessage, field)
            : new Failure(ErrorCode.Forbidden, forbiddenMessage);

    public static async Task<CommunityRoles> LoadAsync(TimeBankDbContext db, long communityId, Caller caller, CancellationToken ct)
    {
        var membership = caller.UserId is { } userId
            ? await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == userId, ct)
            : null;
        return new CommunityRoles(caller, membership);
    }
}
