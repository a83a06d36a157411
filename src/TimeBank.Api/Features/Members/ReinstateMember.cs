using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>reinstateMember</c>.</summary>
public sealed record ReinstateMemberInput(long MemberId, string? Reason = null);

public sealed class ReinstateMemberInputValidator : AbstractValidator<ReinstateMemberInput>
{
    public ReinstateMemberInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

public sealed class ReinstateMemberInputType : InputObjectGraphType<ReinstateMemberInput>
{
    public ReinstateMemberInputType()
    {
        Name = "ReinstateMemberInput";
        Description = "The membership to change.";
        this.IdField("memberId", "Member", "The member.");
        Field(i => i.Reason, nullable: true).Description("Why, for the record (up to 500 characters).");
    }
}

/// <summary>Lifts a suspension.</summary>
public static class ReinstateMember
{
    private static readonly ReinstateMemberInputValidator Validator = new();

    public static void AddReinstateMember(this ObjectGraphType mutation) =>
        mutation.Mutation<ReinstateMemberInputType, MemberPayloadType>("reinstateMember", "Lifts a suspension (coordinators). Repeated with the same reason it changes nothing; with another, IDEMPOTENCY_CONFLICT.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    private static readonly MemberTransition.Rule Rule = new(
        "reinstate", new HashSet<MemberStatus>([MemberStatus.Suspended]), MemberStatus.Active, MemberMayDoItThemself: false, CoordinatorMayDoIt: true, AuditActions.MemberReinstate);

    public static Task<Outcome<Member>> ExecuteAsync(ReinstateMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
