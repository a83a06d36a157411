using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// What the caller may see and do in one community, read from their membership there. Reading and acting are asked
/// apart: whoever holds AUDITOR here reads the books and writes none of them (segregation of duties), so the checks
/// that let someone act (<see cref="MayWrite"/>, <see cref="MayActAsMember"/>, <see cref="IsCoordinator"/>) are false
/// for an auditor while the checks that let them read (<see cref="IsActiveMember"/>, <see cref="IsAuditor"/>) stay
/// true. Every mutation decides who may act through these (Security/AuditorMutationTests tries each one as an auditor,
/// so one that asks anything else is found).
/// </summary>
public sealed record CommunityRoles(Caller Caller, Member? Membership)
{
    /// <summary>Why an auditor is refused, whatever they tried to write.</summary>
    public const string AuditorsDoNotWrite = "Auditors read the books and do not write them.";

    /// <summary>An active membership: what members see. Not a right to act; acting asks <see cref="MayActAsMember"/>.</summary>
    public bool IsActiveMember => Membership is { Status: MemberStatus.Active };

    /// <summary>The caller holds the AUDITOR role here (an active membership with it), whatever else they hold.</summary>
    public bool HoldsAuditorRole => IsActiveMember && Membership!.Roles.HasFlag(MemberRoles.Auditor);

    /// <summary>
    /// The caller may write anything at all in this community: false for its auditors. Deployment admins may do
    /// whatever a coordinator may, wherever, and are not refused here.
    /// </summary>
    public bool MayWrite => Caller.IsAdmin || !HoldsAuditorRole;

    /// <summary>The caller may act for themself as a member: an active member who may write here (<see cref="MayWrite"/>).</summary>
    public bool MayActAsMember => IsActiveMember && MayWrite;

    /// <summary>
    /// Coordinators run the community; deployment admins may do whatever a coordinator may. A coordinator who also
    /// holds AUDITOR (rows from before the two were kept apart) acts as an auditor: the auditor's role wins.
    /// </summary>
    public bool IsCoordinator => Caller.IsAdmin || (MayActAsMember && Membership!.Roles.HasFlag(MemberRoles.Coordinator));

    /// <summary>Auditors read every account and entry of the community, and write nothing (<see cref="MayWrite"/>).</summary>
    public bool IsAuditor => Caller.IsAdmin || HoldsAuditorRole;

    /// <summary>Balances are visible to their owner, coordinators and auditors only.</summary>
    public bool MaySeeBalanceOf(Member member) => IsCoordinator || IsAuditor || member.UserId == Caller.UserId;

    /// <summary>
    /// The answer to someone who may not act on something of this community: people outside it are told it
    /// does not exist, so its IDs cannot be probed; its auditors are told they write nothing; other people inside are
    /// told they may not.
    /// </summary>
    public Failure Refuse(string notFoundMessage, string field, string forbiddenMessage) =>
        Membership is null && !Caller.IsAdmin
            ? new Failure(ErrorCode.NotFound, notFoundMessage, field)
            : Forbid(forbiddenMessage);

    /// <summary>FORBIDDEN, saying why: <see cref="AuditorsDoNotWrite"/> to this community's auditors, <paramref name="message"/> to others.</summary>
    public Failure Forbid(string message) => AuditorRefusal ?? new Failure(ErrorCode.Forbidden, message);

    /// <summary>FORBIDDEN with <see cref="AuditorsDoNotWrite"/> when the caller audits this community; null when they may write.</summary>
    public Failure? AuditorRefusal => MayWrite ? null : new Failure(ErrorCode.Forbidden, AuditorsDoNotWrite);

    public static async Task<CommunityRoles> LoadAsync(TimeBankDbContext db, long communityId, Caller caller, CancellationToken ct)
    {
        var membership = caller.UserId is { } userId
            ? await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == userId, ct)
            : null;
        return new CommunityRoles(caller, membership);
    }
}
