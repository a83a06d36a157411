using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>suspendMember</c>.</summary>
public sealed record SuspendMemberInput(long MemberId, string? Reason = null);

public sealed class SuspendMemberInputValidator : AbstractValidator<SuspendMemberInput>
{
    public SuspendMemberInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

public sealed class SuspendMemberInputType : InputObjectGraphType<SuspendMemberInput>
{
    public SuspendMemberInputType()
    {
        Name = "SuspendMemberInput";
        Description = "The membership to change.";
        this.IdField("memberId", "Member", "The member.");
        Field(i => i.Reason, nullable: true).Description("Why, for the record (up to 500 characters).");
    }
}

/// <summary>Suspends an active member: they keep their balance but can no longer exchange.</summary>
public static class SuspendMember
{
    private static readonly SuspendMemberInputValidator Validator = new();

    public static void AddSuspendMember(this ObjectGraphType mutation) =>
        mutation.Mutation<SuspendMemberInputType, MemberPayloadType>("suspendMember", "Suspends an active member (coordinators). Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, WRONG_STATUS.")
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    private static readonly MemberTransition.Rule Rule = new(
        "suspend", new HashSet<MemberStatus>([MemberStatus.Active]), MemberStatus.Suspended, MemberMayDoItThemself: false, CoordinatorMayDoIt: true);

    public static Task<Outcome<Member>> ExecuteAsync(SuspendMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
