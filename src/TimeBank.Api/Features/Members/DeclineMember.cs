using FluentValidation;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>declineMember</c>.</summary>
public sealed record DeclineMemberInput(long MemberId, string? Reason = null);

public sealed class DeclineMemberInputValidator : AbstractValidator<DeclineMemberInput>
{
    public DeclineMemberInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

/// <summary>Turns down an application.</summary>
public static class DeclineMember
{
    private static readonly MemberTransition.Rule Rule = new(
        "decline", new HashSet<MemberStatus>([MemberStatus.Applied]), MemberStatus.Declined, MemberMayDoItThemself: false, CoordinatorMayDoIt: true);

    public static Task<Outcome<Member>> ExecuteAsync(DeclineMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
