using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
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

public sealed class JoinCommunityInputType : InputObjectGraphType<JoinCommunityInput>
{
    public JoinCommunityInputType()
    {
        Name = "JoinCommunityInput";
        Description = "An application to a community.";
        this.IdField("communityId", "Community", "The community to join.");
        Field(i => i.DisplayName).Description("The name to go by there, up to 80 characters.");
        Field(i => i.Neighbourhood, nullable: true).Description("Where you are, roughly.");
        Field(i => i.Bio, nullable: true).Description("About you, up to 2000 characters.");
    }
}

/// <summary>
/// A user applies to a community; where its policy needs no approval, the membership is active at once.
/// Someone who left or was declined may apply again; someone who left while suspended comes back suspended,
/// in the coordinators' SUSPENDED list, until a coordinator reinstates them.
/// </summary>
public static class JoinCommunity
{
    private static readonly JoinCommunityInputValidator Validator = new();

    public static void AddJoinCommunity(this ObjectGraphType mutation) =>
        mutation.Mutation<JoinCommunityInputType, MemberPayloadType>("joinCommunity",
                "Applies to a community; active at once where its policy needs no approval. Whoever left while suspended comes back SUSPENDED. The same application again returns the membership.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.AlreadyMember])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    public static async Task<Outcome<Member>> ExecuteAsync(
        JoinCommunityInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock,
        CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to join a community.") is { } anonymous)
        {
            return anonymous;
        }
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.CommunityId, ct);
        if (community is null)
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        var policy = await db.CommunityPolicies.AsNoTracking()
            .SingleAsync(p => p.CommunityId == community.Id && p.Version == community.PolicyVersion, ct);

        var member = await db.Members.SingleOrDefaultAsync(m => m.CommunityId == community.Id && m.UserId == caller.UserId, ct);
        // Even the same application again, which writes nothing for anyone else: an auditor's every mutation here is refused.
        if (member is not null && new CommunityRoles(caller, member).AuditorRefusal is { } auditor)
        {
            return auditor;
        }
        if (member is { Status: not (MemberStatus.Left or MemberStatus.Declined) })
        {
            // The same application again (a retry) is answered with the membership it made; another one is refused.
            return IsSameApplication(member, input)
                ? member
                : new Failure(ErrorCode.AlreadyMember, $"You are already {MemberTransition.Word(member.Status)} in this community.");
        }
        // A suspension is not lifted by leaving: whoever left while suspended comes back suspended.
        var suspended = member is { Status: MemberStatus.Left } && await LeftWhileSuspendedAsync(db, member.Id, ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            member ??= db.Members.Add(new Member { CommunityId = community.Id, UserId = caller.UserId!.Value, DisplayName = "" }).Entity;
            member.DisplayName = input.DisplayName.Trim();
            member.Neighbourhood = input.Neighbourhood?.Trim();
            member.Bio = input.Bio?.Trim();
            member.AppliedAt = clock.GetUtcNow().UtcDateTime;
            // Someone erased who comes back gives their data anew; erasing again must find it.
            member.ErasedAt = null;
            try
            {
                // The unique (community, user) index, not the read above, settles two joins racing.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                return new Failure(ErrorCode.AlreadyMember, "You are already a member of this community.");
            }
            MemberTransition.Record(db, member, suspended ? MemberStatus.Suspended : MemberStatus.Applied, caller,
                suspended ? "rejoined while suspended" : "applied", clock);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        if (!suspended && !policy.RequiresApproval)
        {
            await MemberActivation.ActivateAsync(db, member, community, policy, caller, ledger, clock, ct);
            await db.Entry(member).ReloadAsync(ct);
        }
        return member;
    }

    private static bool IsSameApplication(Member member, JoinCommunityInput input) =>
        member.DisplayName == input.DisplayName.Trim() && member.Neighbourhood == input.Neighbourhood?.Trim() && member.Bio == input.Bio?.Trim();

    private static async Task<bool> LeftWhileSuspendedAsync(TimeBankDbContext db, long memberId, CancellationToken ct) =>
        await db.MembershipChanges.Where(c => c.MemberId == memberId && c.ToStatus == MemberStatus.Left)
            .OrderByDescending(c => c.Id).Select(c => (MemberStatus?)c.FromStatus).FirstOrDefaultAsync(ct) == MemberStatus.Suspended;
}
