using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>leaveCommunity</c>.</summary>
public sealed record LeaveCommunityInput(long MemberId, string? Reason = null);

public sealed class LeaveCommunityInputValidator : AbstractValidator<LeaveCommunityInput>
{
    public LeaveCommunityInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

public sealed class LeaveCommunityInputType : InputObjectGraphType<LeaveCommunityInput>
{
    public LeaveCommunityInputType()
    {
        Name = "LeaveCommunityInput";
        Description = "The membership to change.";
        this.IdField("memberId", "Member", "The member.");
        Field(i => i.Reason, nullable: true).Description("Why, for the record (up to 500 characters).");
    }
}

/// <summary>Ends a membership, by the member or a coordinator on their behalf. The account and its history stay.</summary>
public static class LeaveCommunity
{
    private static readonly LeaveCommunityInputValidator Validator = new();

    public static void AddLeaveCommunity(this ObjectGraphType mutation) =>
        mutation.Mutation<LeaveCommunityInputType, MemberPayloadType>("leaveCommunity", "Ends a membership: by the member, or a coordinator on their behalf. Repeated with the same reason it changes nothing; with another, IDEMPOTENCY_CONFLICT.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    private static readonly MemberTransition.Rule Rule = new(
        "remove from the community", new HashSet<MemberStatus>([MemberStatus.Applied, MemberStatus.Active, MemberStatus.Suspended]), MemberStatus.Left, MemberMayDoItThemself: true, CoordinatorMayDoIt: true, AuditActions.MemberRemove);

    public static Task<Outcome<Member>> ExecuteAsync(LeaveCommunityInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
