using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>setMemberRoles</c>: the full set of community roles the member should have.</summary>
public sealed record SetMemberRolesInput(long MemberId, bool Coordinator, bool Auditor);

public sealed class SetMemberRolesInputValidator : AbstractValidator<SetMemberRolesInput>
{
    public const string CoordinatorOrAuditor = "A member either coordinates the community or audits it, not both: the one who checks the books does not write them.";

    public SetMemberRolesInputValidator()
    {
        RuleFor(i => i.MemberId).GreaterThan(0);
        RuleFor(i => i.Auditor).Must((input, auditor) => !(auditor && input.Coordinator)).WithMessage(CoordinatorOrAuditor);
    }
}

public sealed class SetMemberRolesInputType : InputObjectGraphType<SetMemberRolesInput>
{
    public SetMemberRolesInputType()
    {
        Name = "SetMemberRolesInput";
        Description = "The full set of roles the member should hold besides MEMBER.";
        this.IdField("memberId", "Member", "The member.");
        Field(i => i.Coordinator).Description("Whether the member coordinates the community.");
        Field(i => i.Auditor).Description("Whether the member audits the community's ledger (reads everything, writes nothing); not with coordinator.");
    }
}

/// <summary>A coordinator (or admin) makes a member a coordinator or auditor, or takes the role away.</summary>
public static class SetMemberRoles
{
    private static readonly SetMemberRolesInputValidator Validator = new();

    public static void AddSetMemberRoles(this ObjectGraphType mutation) =>
        mutation.Mutation<SetMemberRolesInputType, MemberPayloadType>("setMemberRoles",
                "Makes a member a coordinator or an auditor (never both), or takes the role away (coordinators); the input is the whole set, so the same roles again change nothing.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    public static async Task<Outcome<Member>> ExecuteAsync(
        SetMemberRolesInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to change roles.") is { } anonymous)
        {
            return anonymous;
        }
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
        }
        var roles = await CommunityRoles.LoadAsync(db, member.CommunityId, caller, ct);
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such member.", "memberId", "Only a coordinator of this community changes roles.");
        }
        if (member.Status != MemberStatus.Active)
        {
            return new Failure(ErrorCode.WrongStatus, "Only an active member can hold a role.");
        }

        var wanted = MemberRoles.Member
            | (input.Coordinator ? MemberRoles.Coordinator : MemberRoles.None)
            | (input.Auditor ? MemberRoles.Auditor : MemberRoles.None);
        // The input is the whole state, so the same roles again is done already, and other roles are a new change.
        if (member.Roles == wanted)
        {
            return member;
        }
        AuditTrail.For(db, clock).Add(new AuditAct(AuditActions.MemberRoles, member.CommunityId, AuditActions.Subjects.Member, member.Id)
        {
            PrincipalMemberId = member.Id,
            Before = new { roles = Words(member.Roles) },
            After = new { roles = Words(wanted) },
        }, caller.UserId!.Value);
        member.Roles = wanted;
        MemberTransition.Record(db, member, member.Status, caller, "roles changed", clock);
        await db.SaveChangesAsync(ct);
        return member;
    }

    private static string[] Words(MemberRoles roles) =>
        [.. Enum.GetValues<MemberRoles>().Where(r => r != MemberRoles.None && roles.HasFlag(r)).Select(r => r.ToString().ToUpperInvariant())];
}
