using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// The common shape of a membership status change: find the member, check who may do it and from
/// which statuses, change, record actor and principal, save. Each use case supplies its rules.
/// </summary>
public static class MemberTransition
{
    /// <summary>
    /// A status change: who may make it from which statuses, and the audit trail's word for it when it is made for
    /// someone else (a member changing their own membership is no administrative act).
    /// </summary>
    public sealed record Rule(
        string Verb, IReadOnlySet<MemberStatus> From, MemberStatus To, bool MemberMayDoItThemself, bool CoordinatorMayDoIt, string AuditAction);

    // A change that loses a race reads the member again and is judged anew; losing three times in a row is reported.
    private const int Attempts = 3;

    public static async Task<Outcome<Member>> ApplyAsync(
        Rule rule, long memberId, string? reason, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous($"Log in to {rule.Verb}.") is { } anonymous)
        {
            return anonymous;
        }
        reason = NormalizeReason(reason);
        for (var attempt = 1; ; attempt++)
        {
            var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
            if (member is null)
            {
                return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
            }
            var roles = await CommunityRoles.LoadAsync(db, member.CommunityId, caller, ct);
            var isSelf = member.UserId == caller.UserId;
            var allowed = (isSelf && rule.MemberMayDoItThemself && roles.MayWrite) || (rule.CoordinatorMayDoIt && roles.IsCoordinator);
            if (!allowed)
            {
                return roles.Refuse("No such member.", "memberId", $"You may not {rule.Verb} this member.");
            }
            if (member.ErasedAt is not null)
            {
                return new Failure(ErrorCode.WrongStatus, "This member was erased.");
            }
            if (member.Status == rule.To)
            {
                return await RepeatAsync(rule, member, reason, db, ct);
            }
            if (!rule.From.Contains(member.Status))
            {
                return new Failure(ErrorCode.WrongStatus, $"Cannot {rule.Verb} a member who is {Word(member.Status)}.");
            }
            if (await TryMoveAsync(db, member, rule.To, caller, reason, isSelf ? null : rule.AuditAction, clock, ct))
            {
                return member;
            }
            if (attempt == Attempts)
            {
                return new Failure(ErrorCode.WrongStatus, "The membership kept changing meanwhile; reload it and try again.");
            }
        }
    }

    /// <summary>
    /// Moves the member from the status it was read in to <paramref name="to"/> and records the change (and, with
    /// <paramref name="auditAction"/>, the audit record of it), in one transaction; false, with nothing written, when
    /// the status changed since it was read.
    /// </summary>
    public static async Task<bool> TryMoveAsync(
        TimeBankDbContext db, Member member, MemberStatus to, Caller caller, string? reason, string? auditAction, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The status as read is the condition: of two changes racing from it, the second finds nothing to move,
        // so no change is recorded from a status the member was no longer in.
        var moved = await db.Members.Where(m => m.Id == member.Id && m.Status == member.Status)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, to), ct);
        if (moved == 0)
        {
            return false;
        }
        db.MembershipChanges.Add(Change(member, to, caller, reason, clock));
        if (auditAction is not null)
        {
            AuditTrail.For(db, clock).Add(StatusAct(auditAction, member, to, reason), caller.UserId!.Value);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        member.Status = to;
        return true;
    }

    /// <summary>Changes the status of a tracked member and writes who did it for whom; the caller saves.</summary>
    public static void Record(TimeBankDbContext db, Member member, MemberStatus to, Caller caller, string? reason, TimeProvider clock)
    {
        db.MembershipChanges.Add(Change(member, to, caller, reason, clock));
        member.Status = to;
    }

    /// <summary>The audit record of moving <paramref name="member"/> (as read) to <paramref name="to"/>.</summary>
    public static AuditAct StatusAct(string action, Member member, MemberStatus to, string? reason)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new AuditAct(action, member.CommunityId, AuditActions.Subjects.Member, member.Id)
        {
            PrincipalMemberId = member.Id,
            Reason = reason,
            Before = new { status = Word(member.Status) },
            After = new { status = Word(to) },
        };
    }

    /// <summary>The status in the words clients see (SUSPENDED).</summary>
    public static string Word(MemberStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>
    /// The member is already where the step leads. It is the same step again when the change that brought them
    /// there came from a status the step starts from and gave the same reason; anything else is not this step.
    /// </summary>
    private static async Task<Outcome<Member>> RepeatAsync(Rule rule, Member member, string? reason, TimeBankDbContext db, CancellationToken ct)
    {
        var last = await db.MembershipChanges.AsNoTracking()
            .Where(c => c.MemberId == member.Id && c.ToStatus == rule.To && c.FromStatus != rule.To)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (last is null || !rule.From.Contains(last.FromStatus))
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot {rule.Verb} a member who is {Word(member.Status)}.");
        }
        return string.Equals(last.Reason, reason, StringComparison.Ordinal)
            ? member
            : new Failure(ErrorCode.IdempotencyConflict, $"The member is already {Word(member.Status)}, for another reason.", "reason");
    }

    private static string? NormalizeReason(string? reason) => reason?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static MembershipChange Change(Member member, MemberStatus to, Caller caller, string? reason, TimeProvider clock) => new()
    {
        MemberId = member.Id,
        FromStatus = member.Status,
        ToStatus = to,
        Roles = member.Roles,
        ActorUserId = caller.UserId!.Value,
        PrincipalMemberId = member.Id,
        Reason = reason,
        At = clock.GetUtcNow().UtcDateTime,
    };
}
