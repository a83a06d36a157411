using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// The common shape of a membership status change: find the member, check who may do it and from
/// which statuses, change, record actor and principal, save. Each use case supplies its rules.
/// </summary>
public static class MemberTransition
{
    public sealed record Rule(
        string Verb, IReadOnlySet<MemberStatus> From, MemberStatus To, bool MemberMayDoItThemself, bool CoordinatorMayDoIt);

    public static async Task<Outcome<Member>> ApplyAsync(
        Rule rule, long memberId, string? reason, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.IsAuthenticated)
        {
            return new Failure(ErrorCode.Unauthenticated, $"Log in to {rule.Verb}.");
        }
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
        }
        var roles = await CommunityRoles.LoadAsync(db, member.CommunityId, caller, ct);
        var isSelf = member.UserId == caller.UserId;
        var allowed = (isSelf && rule.MemberMayDoItThemself) || (rule.CoordinatorMayDoIt && roles.IsCoordinator);
        if (!allowed)
        {
            return roles.Refuse("No such member.", "memberId", $"You may not {rule.Verb} this member.");
        }
        if (member.Status == rule.To)
        {
            return member; // Already done: a retried transition succeeds without a second record.
        }
        if (!rule.From.Contains(member.Status))
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot {rule.Verb} a member who is {member.Status.ToString().ToUpperInvariant()}.");
        }

        Record(db, member, rule.To, caller, reason, clock);
        await db.SaveChangesAsync(ct);
        return member;
    }

    /// <summary>Changes the status and writes who did it for whom; the caller saves.</summary>
    public static void Record(TimeBankDbContext db, Member member, MemberStatus to, Caller caller, string? reason, TimeProvider clock)
    {
        db.MembershipChanges.Add(new MembershipChange
        {
            MemberId = member.Id,
            FromStatus = member.Status,
            ToStatus = to,
            Roles = member.Roles,
            ActorUserId = caller.UserId!.Value,
            PrincipalMemberId = member.Id,
            Reason = reason,
            At = clock.GetUtcNow().UtcDateTime,
        });
        member.Status = to;
    }
}
