using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>Input of <c>donateToChallenge</c>.</summary>
public sealed record DonateToChallengeInput(long ChallengeId, int Minutes, long? OnBehalfOfMemberId = null, string? IdempotencyKey = null);

public sealed class DonateToChallengeInputValidator : AbstractValidator<DonateToChallengeInput>
{
    public DonateToChallengeInputValidator()
    {
        PoolLedger.Minutes(RuleFor(i => i.Minutes));
        PoolLedger.IdempotencyKey(RuleFor(i => i.IdempotencyKey)).When(i => i.IdempotencyKey is not null);
    }
}

public sealed class DonateToChallengeInputType : InputObjectGraphType<DonateToChallengeInput>
{
    public DonateToChallengeInputType()
    {
        Name = "DonateToChallengeInput";
        Description = "Minutes a member gives from their own account to an open challenge's pool.";
        this.IdField("challengeId", "Challenge", "The challenge whose pool receives the minutes; it must be OPEN.");
        Field(i => i.Minutes).Description($"The minutes to give, 1 to {PoolLedger.MaxMinutes}; the giver's floor decides whether they can.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member",
            "A coordinator gives on behalf of this member, from their account; yourself by default. Never to a challenge the coordinator leads (FORBIDDEN).");
        Field(i => i.IdempotencyKey, nullable: true).Description(PoolLedger.IdempotencyKeyRule + " Without one, every call gives.");
    }
}

/// <summary>
/// A member gives minutes from their own account to a challenge's pool, while the challenge is OPEN (once ACHIEVED it
/// takes no more donations: what members give is for reaching the goal, and only a coordinator's grant may still top
/// the pool up to pay contributions verified late). A coordinator may give on behalf of a member, except to a challenge
/// they lead: the lead decides what the pool pays, so that would be giving someone's minutes to themself.
/// </summary>
public static class DonateToChallenge
{
    private static readonly DonateToChallengeInputValidator Validator = new();

    private static readonly ChallengeStatus[] Takes = [ChallengeStatus.Open];

    public static void AddDonateToChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<DonateToChallengeInputType, GiftPayloadType>("donateToChallenge",
                "Gives minutes from the caller's account (or, for a coordinator, a member's) to an open challenge's pool, in one ledger entry.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.InsufficientCredit, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new(db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                gift => gift));

    public static async Task<Outcome<GiftPayload>> ExecuteAsync(DonateToChallengeInput input, Caller caller, PoolRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        if (caller.RefuseAnonymous("Log in to donate.") is { } anonymous)
        {
            return anonymous;
        }
        var (db, ct) = (run.Db, run.Ct);
        var challenge = await db.Challenges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.ChallengeId, ct);
        if (challenge is null || await CommunityRoles.LoadAsync(db, challenge.CommunityId, caller, ct) is not { } roles || !roles.MaySee(challenge))
        {
            return new Failure(ErrorCode.NotFound, "No such challenge.", "challengeId");
        }
        var donor = await DonorAsync(db, roles, challenge, input.OnBehalfOfMemberId, ct);
        if (!donor.Succeeded)
        {
            return new Failure(donor.Code!.Value, donor.Message!, donor.Field);
        }
        var member = donor.Value!;
        var key = PoolLedger.Key("donate", caller.UserId!.Value, input.IdempotencyKey);
        // Without a pool nothing was ever given to it; a retry of a gift it took is the ledger's to answer, whatever its state now.
        if (challenge.PoolAccountId is null || (!Takes.Contains(challenge.Status) && !(input.IdempotencyKey is not null && await PoolLedger.KeyUsedAsync(db, key, ct))))
        {
            return new Failure(ErrorCode.WrongStatus,
                $"Cannot donate to a challenge that is {PoolLedger.Word(challenge.Status)}: members donate while it is OPEN.", "challengeId");
        }
        var policyVersion = await db.Communities.Where(c => c.Id == challenge.CommunityId).Select(c => c.PolicyVersion).SingleAsync(ct);
        var onBehalf = member.UserId != caller.UserId;
        var written = await PoolLedger.WriteAsync(run, new PoolGift(
            Transfer.Between(member.AccountId!.Value, challenge.PoolAccountId!.Value, input.Minutes, key, caller.LedgerActor, EntryKind.Donation) with
            {
                PrincipalId = LedgerVocabulary.Member(member.Id),
                Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
                Memo = "donation to a challenge's pool",
                PolicyVersion = policyVersion,
            }, challenge.Id, Takes)
        {
            Donor = member,
            ActorUserId = caller.UserId!.Value,
            Act = onBehalf
                ? new AuditAct(AuditActions.ChallengeDonateOnBehalf, challenge.CommunityId, AuditActions.Subjects.Challenge, challenge.Id)
                {
                    PrincipalMemberId = member.Id,
                    After = new { minutes = input.Minutes },
                }
                : null,
        });
        if (!written.Succeeded)
        {
            return new Failure(written.Code!.Value, written.Message!, written.Field);
        }
        return written.Value!.Status switch
        {
            LedgerStatus.Ok => new GiftPayload { Challenge = challenge, CommunityId = challenge.CommunityId, DonorMemberId = member.Id, EntrySequence = written.Value.EntrySequence, Minutes = input.Minutes },
            LedgerStatus.IdempotencyConflict => new Failure(ErrorCode.IdempotencyConflict,
                "This idempotency key was already used for another gift (other minutes, another challenge or another giver).", "idempotencyKey"),
            LedgerStatus.ExceedsFloor => await InsufficientCredit.ForAsync(db, member, input.Minutes, "this donation", "minutes", ct),
            LedgerStatus.AccountClosed => new Failure(ErrorCode.WrongStatus, "The challenge's pool is closed; nothing was given.", "challengeId"),
            var status => throw new InvalidOperationException($"Donating to challenge {challenge.Id}: the ledger said {status}."),
        };
    }

    /// <summary>
    /// Who gives: the caller as an active member, or (coordinators only) the member they name, unless the coordinator
    /// leads the challenge.
    /// </summary>
    private static async Task<Outcome<Member>> DonorAsync(TimeBankDbContext db, CommunityRoles roles, Challenge challenge, long? onBehalfOfMemberId, CancellationToken ct)
    {
        if (onBehalfOfMemberId is not { } memberId || memberId == roles.Membership?.Id)
        {
            return roles.MayActAsMember ? Usable(roles.Membership!) : roles.Forbid("Only active members of this community donate.");
        }
        if (!roles.IsCoordinator)
        {
            return roles.Forbid("Only coordinators give on someone else's behalf.");
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.CommunityId == challenge.CommunityId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member in this community.", "onBehalfOfMemberId");
        }
        if (roles.Membership is { } me && me.Id == challenge.LeadMemberId)
        {
            return new Failure(ErrorCode.Forbidden,
                "You lead this challenge and decide what its pool pays, so you give to it only as yourself: never on a member's behalf.", "onBehalfOfMemberId");
        }
        return Usable(member);
    }

    private static Outcome<Member> Usable(Member member) =>
        member.Status == MemberStatus.Active && member.AccountId is not null
            ? member
            : new Failure(ErrorCode.WrongStatus, $"{member.DisplayName} is {member.Status.ToString().ToUpperInvariant()}, not ACTIVE.", "onBehalfOfMemberId");
}
