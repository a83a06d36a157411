using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>A member taking part in a challenge (pledging, logging work), and the user acting: themself or a coordinator for them.</summary>
public sealed record ChallengeParticipant(Challenge Challenge, Member Member, long ActorUserId);

/// <summary>
/// Who takes part when a pledge or a contribution is made: the caller's own active membership in the challenge's
/// community, or (coordinators only) the active member named in <c>onBehalfOfMemberId</c>. Pledges and logged work move
/// no minutes between people, so acting for a member makes nobody but that member a party; the decision that pays
/// (<see cref="ContributionDecision"/>) is where the coordinator may never judge their own.
/// </summary>
public static class ChallengeParticipation
{
    public static async Task<Outcome<ChallengeParticipant>> LoadAsync(
        TimeBankDbContext db, Caller caller, long challengeId, long? onBehalfOfMemberId, string loginMessage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.RefuseAnonymous(loginMessage) is { } anonymous)
        {
            return anonymous;
        }
        var challenge = await db.Challenges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == challengeId, ct);
        if (challenge is null)
        {
            return new Failure(ErrorCode.NotFound, "No such challenge.", "challengeId");
        }
        var roles = await CommunityRoles.LoadAsync(db, challenge.CommunityId, caller, ct);
        if (onBehalfOfMemberId is not { } memberId)
        {
            return roles.MayActAsMember
                ? new ChallengeParticipant(challenge, roles.Membership!, caller.UserId!.Value)
                : roles.Refuse("No such challenge.", "challengeId", "Only active members of this community take part in its challenges.");
        }
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such challenge.", "challengeId", "Only coordinators act on someone else's behalf.");
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.CommunityId == challenge.CommunityId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member in this community.", "onBehalfOfMemberId");
        }
        if (member.Status != MemberStatus.Active || member.AccountId is null)
        {
            return new Failure(ErrorCode.WrongStatus, $"{member.DisplayName} is {member.Status.ToString().ToUpperInvariant()}, not ACTIVE.", "onBehalfOfMemberId");
        }
        return new ChallengeParticipant(challenge, member, caller.UserId!.Value);
    }

    /// <summary>INVALID_INPUT unless the challenge needs minutes of <paramref name="categoryId"/>: pledges and work count against its needs.</summary>
    public static async Task<Failure?> RefuseUnneededAsync(TimeBankDbContext db, long challengeId, long categoryId, CancellationToken ct) =>
        await db.ChallengeNeeds.AnyAsync(n => n.ChallengeId == challengeId && n.CategoryId == categoryId, ct)
            ? null
            : new Failure(ErrorCode.InvalidInput, "This challenge needs no minutes of that category; choose one of its needs.", "categoryId");

    /// <summary>A note or reason as it is kept: trimmed, and null when blank.</summary>
    public static string? Recorded(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Upper(ChallengeStatus status) => status.ToString().ToUpperInvariant();
}
