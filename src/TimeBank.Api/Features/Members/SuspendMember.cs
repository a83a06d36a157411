using FluentValidation;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>suspendMember</c>.</summary>
public sealed record SuspendMemberInput(long MemberId, string? Reason = null);

public sealed class SuspendMemberInputValidator : AbstractValidator<SuspendMemberInput>
{
    public SuspendMemberInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

/// <summary>Suspends an active member: they keep their balance but can no longer exchange.</summary>
public static class SuspendMember
{
    private static readonly MemberTransition.Rule Rule = new(
        "suspend", new HashSet<MemberStatus>([MemberStatus.Active]), MemberStatus.Suspended, MemberMayDoItThemself: false, CoordinatorMayDoIt: true);

    public static Task<Outcome<Member>> ExecuteAsync(SuspendMemberInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
