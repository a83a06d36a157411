using System.Globalization;
using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>eraseMember</c>.</summary>
public sealed record EraseMemberInput(long MemberId);

public sealed class EraseMemberInputValidator : AbstractValidator<EraseMemberInput>
{
    public EraseMemberInputValidator() => RuleFor(i => i.MemberId).GreaterThan(0);
}

public sealed class EraseMemberInputType : InputObjectGraphType<EraseMemberInput>
{
    public EraseMemberInputType()
    {
        Name = "EraseMemberInput";
        Description = "The member to erase.";
        this.IdField("memberId", "Member", "The member.");
    }
}

/// <summary>
/// The right to erasure: the member's personal data is replaced by a pseudonym and the login can no
/// longer be used. Ledger entries name accounts and opaque ids only, so every entry stays and the
/// chain and reconciliation stay clean. Done by the member or a deployment admin.
/// </summary>
public static class EraseMember
{
    private static readonly EraseMemberInputValidator Validator = new();

    public static void AddEraseMember(this ObjectGraphType mutation) =>
        mutation.Mutation<EraseMemberInputType, MemberPayloadType>("eraseMember", "Pseudonymises the member's personal data for good; ledger entries stay (the member or a deployment admin). Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND.")
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    public static async Task<Outcome<Member>> ExecuteAsync(EraseMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.IsAuthenticated)
        {
            return new Failure(ErrorCode.Unauthenticated, "Log in to erase a member.");
        }
        var member = await db.Members.Include(m => m.Skills).SingleOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
        }
        if (member.UserId != caller.UserId && !caller.IsAdmin)
        {
            return new Failure(ErrorCode.Forbidden, "Only the member themself or a deployment admin erases a member.");
        }
        if (member.ErasedAt is not null)
        {
            return member;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        member.DisplayName = "Erased member " + member.Id.ToString(CultureInfo.InvariantCulture);
        member.Bio = member.Neighbourhood = member.Availability = null;
        member.Skills.Clear();
        member.ErasedAt = now;
        if (member.Status != MemberStatus.Left)
        {
            MemberTransition.Record(db, member, MemberStatus.Left, caller, "erased", clock);
        }

        // The login goes too once none of the user's memberships keeps personal data.
        var user = await db.Users.SingleAsync(u => u.Id == member.UserId, ct);
        var otherLiveMemberships = await db.Members.AnyAsync(m => m.UserId == user.Id && m.Id != member.Id && m.ErasedAt == null, ct);
        if (!otherLiveMemberships)
        {
            user.Email = null;
            user.PasswordHash = null;
            user.ExternalSubject = null;
            user.ErasedAt = now;
            await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return member;
    }
}
