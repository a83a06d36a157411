using FluentValidation;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>leaveCommunity</c>.</summary>
public sealed record LeaveCommunityInput(long MemberId, string? Reason = null);

public sealed class LeaveCommunityInputValidator : AbstractValidator<LeaveCommunityInput>
{
    public LeaveCommunityInputValidator() => RuleFor(i => i.Reason).MaximumLength(500);
}

/// <summary>Ends a membership, by the member or a coordinator on their behalf. The account and its history stay.</summary>
public static class LeaveCommunity
{
    private static readonly MemberTransition.Rule Rule = new(
        "remove from the community", new HashSet<MemberStatus>([MemberStatus.Applied, MemberStatus.Active, MemberStatus.Suspended]), MemberStatus.Left, MemberMayDoItThemself: true, CoordinatorMayDoIt: true);

    public static Task<Outcome<Member>> ExecuteAsync(LeaveCommunityInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        MemberTransition.ApplyAsync(Rule, input.MemberId, input.Reason, caller, db, clock, ct);
}
