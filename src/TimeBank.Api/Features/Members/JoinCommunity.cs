using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>joinCommunity</c>.</summary>
public sealed record JoinCommunityInput(long CommunityId, string DisplayName, string? Neighbourhood = null, string? Bio = null);

public sealed class JoinCommunityInputValidator : AbstractValidator<JoinCommunityInput>
{
    public JoinCommunityInputValidator()
    {
        RuleFor(i => i.DisplayName).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(80).Must(TextRules.HasVisibleText)
            .WithMessage("'Display Name' must contain visible characters.");
        RuleFor(i => i.Neighbourhood).MaximumLength(80);
        RuleFor(i => i.Bio).MaximumLength(2000);
    }
}

/// <summary>
/// A user applies to a community; where its policy needs no approval, the membership is active at once.
/// Someone who left or was declined may apply again.
/// </summary>
public static class JoinCommunity
{
    public static async Task<Outcome<Member>> ExecuteAsync(
        JoinCommunityInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock,
        CancellationToken ct)
    {
        if (!caller.IsAuthenticated)
        {
            return new Failure(ErrorCode.Unauthenticated, "Log in to join a community.");
        }
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.CommunityId, ct);
        if (community is null)
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        var policy = await db.CommunityPolicies.AsNoTracking()
            .SingleAsync(p => p.CommunityId == community.Id && p.Version == community.PolicyVersion, ct);

        var member = await db.Members.SingleOrDefaultAsync(m => m.CommunityId == community.Id && m.UserId == caller.UserId, ct);
        if (member is { Status: not (MemberStatus.Left or MemberStatus.Declined) })
        {
            return new Failure(ErrorCode.AlreadyMember, $"You are already {member.Status.ToString().ToUpperInvariant()} in this community.");
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            member ??= db.Members.Add(new Member { CommunityId = community.Id, UserId = caller.UserId!.Value, DisplayName = "" }).Entity;
            member.DisplayName = input.DisplayName.Trim();
            member.Neighbourhood = input.Neighbourhood?.Trim();
            member.Bio = input.Bio?.Trim();
            member.AppliedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                // The unique (community, user) index, not the read above, settles two joins racing.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                return new Failure(ErrorCode.AlreadyMember, "You are already a member of this community.");
            }
            MemberTransition.Record(db, member, MemberStatus.Applied, caller, "applied", clock);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        if (!policy.RequiresApproval)
        {
            await MemberActivation.ActivateAsync(member, community, policy, caller, ledger, clock, ct);
            await db.Entry(member).ReloadAsync(ct);
        }
        return member;
    }
}
