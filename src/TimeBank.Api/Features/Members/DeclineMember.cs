using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>declineMember</c>.</summary>
public sealed record DeclineMemberInput(long MemberId, string? Reason = null);

public sealed class DeclineMemberInputValidator : AbstractValidator<DeclineMemberInput>
{
    public DeclineMemberInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

public sealed class DeclineMemberInputType : InputObjectGraphType<DeclineMemberInput>
{
    public DeclineMemberInputType()
    {
        Name = "DeclineMemberInput";
        Description = "The membership to change.";
        this.IdField("memberId", "Member", "The member.");
        Field(i => i.Reason, nullable: true).Description("Why, for the record (up to 500 characters).");
    }
}

/// <summary>Turns down an application.</summary>
public static class DeclineMember
{
    private static readonly DeclineMemberInputValidator Validator = new();

    public static void AddDeclineMember(this ObjectGraphType mutation) =>
        mutation.Mutation<DeclineMemberInputType, MemberPayloadType>("declineMember", "Turns down an application (coordinators). Repeated with the same reason it changes nothing; with another, IDEMPOTENCY_CONFLICT.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    private static readonly MemberTransition.Rule Rule = new(
        "decline", new HashSet<MemberStatus>([MemberStatus.Applied]), MemberStatus.Declined, MemberMayDoItThemself: false, CoordinatorMayDoIt: true, AuditActions.MemberDecline);

    public static Task<Outcome<Member>> ExecuteAsync(DeclineMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
