using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>approveMember</c>.</summary>
public sealed record ApproveMemberInput(long MemberId);

public sealed class ApproveMemberInputValidator : AbstractValidator<ApproveMemberInput>
{
    public ApproveMemberInputValidator() => RuleFor(i => i.MemberId).GreaterThan(0);
}

public sealed class ApproveMemberInputType : InputObjectGraphType<ApproveMemberInput>
{
    public ApproveMemberInputType()
    {
        Name = "ApproveMemberInput";
        Description = "The application to accept.";
        this.IdField("memberId", "Member", "The member.");
    }
}

/// <summary>A coordinator accepts an application: the member's account opens and the joining grant is posted.</summary>
public static class ApproveMember
{
    private static readonly ApproveMemberInputValidator Validator = new();

    public static void AddApproveMember(this ObjectGraphType mutation) =>
        mutation.Mutation<ApproveMemberInputType, MemberPayloadType>("approveMember", "Accepts an application: opens the member's account and posts the joining grant (coordinators). Approving again changes nothing.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    public static async Task<Outcome<Member>> ExecuteAsync(
        ApproveMemberInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock,
        CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to approve members.") is { } anonymous)
        {
            return anonymous;
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
        }
        var roles = await CommunityRoles.LoadAsync(db, member.CommunityId, caller, ct);
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such member.", "memberId", "Only a coordinator of this community approves members.");
        }
        // ACTIVE is accepted too: approving again re-runs the idempotent steps and changes nothing more.
        if (member.Status is not (MemberStatus.Applied or MemberStatus.Active))
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot approve a member who is {MemberTransition.Word(member.Status)}.");
        }

        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Id == member.CommunityId, ct);
        var policy = await db.CommunityPolicies.AsNoTracking()
            .SingleAsync(p => p.CommunityId == community.Id && p.Version == community.PolicyVersion, ct);
        var active = await MemberActivation.ActivateAsync(db, member, community, policy, caller, ledger, clock, ct);
        var now = await db.Members.AsNoTracking().SingleAsync(m => m.Id == member.Id, ct);
        return active ? now : new Failure(ErrorCode.WrongStatus, $"Cannot approve a member who is {MemberTransition.Word(now.Status)}.");
    }
}
