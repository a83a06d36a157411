using FluentValidation;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>reinstateMember</c>.</summary>
public sealed record ReinstateMemberInput(long MemberId, string? Reason = null);

public sealed class ReinstateMemberInputValidator : AbstractValidator<ReinstateMemberInput>
{
    public ReinstateMemberInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

/// <summary>Lifts a suspension.</summary>
public static class ReinstateMember
{
    private static readonly MemberTransition.Rule Rule = new(
        "reinstate", new HashSet<MemberStatus>([MemberStatus.Suspended]), MemberStatus.Active, MemberMayDoItThemself: false, CoordinatorMayDoIt: true);

    public static Task<Outcome<Member>> ExecuteAsync(ReinstateMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
