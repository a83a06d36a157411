using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Identity;
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
        mutation.Mutation<SuspendMemberInputType, MemberPayloadType>("suspendMember", "Suspends an active member (coordinators).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken, ctx.Service<RefreshTokens>()),
                member => new MemberPayload { Member = member }));

    private static readonly MemberTransition.Rule Rule = new(
        "suspend", new HashSet<MemberStatus>([MemberStatus.Active]), MemberStatus.Suspended, MemberMayDoItThemself: false, CoordinatorMayDoIt: true, AuditActions.MemberSuspend);

    /// <summary>With <paramref name="sessions"/>, also ends the member's sessions, so sockets opened while active close now.</summary>
    public static async Task<Outcome<Member>> ExecuteAsync(
        SuspendMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct, RefreshTokens? sessions = null)
    {
        var suspended = await MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
        if (suspended.Succeeded && sessions is not null)
        {
            await sessions.EndSessionsOfUserAsync(db, suspended.Value!.UserId, ct);
        }
        return suspended;
    }
}
