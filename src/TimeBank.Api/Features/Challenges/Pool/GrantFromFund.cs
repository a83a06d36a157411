using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>Input of <c>grantFromFund</c>.</summary>
public sealed record GrantFromFundInput(long ChallengeId, int Minutes, string IdempotencyKey);

public sealed class GrantFromFundInputValidator : AbstractValidator<GrantFromFundInput>
{
    public GrantFromFundInputValidator()
    {
        PoolLedger.Minutes(RuleFor(i => i.Minutes));
        PoolLedger.IdempotencyKey(RuleFor(i => i.IdempotencyKey));
    }
}

public sealed class GrantFromFundInputType : InputObjectGraphType<GrantFromFundInput>
{
    public GrantFromFundInputType()
    {
        Name = "GrantFromFundInput";
        Description = "Minutes a coordinator moves from the community fund to a challenge's pool.";
        this.IdField("challengeId", "Challenge", "The challenge whose pool receives the minutes; it must be OPEN or ACHIEVED.");
        Field(i => i.Minutes).Description($"The minutes to grant, 1 to {PoolLedger.MaxMinutes}; the fund never goes below zero.");
        Field(i => i.IdempotencyKey).Description(PoolLedger.IdempotencyKeyRule + " Required: a grant moves the community's own minutes.");
    }
}

/// <summary>
/// A coordinator grants minutes from the community fund to a challenge's pool: while it is OPEN, or ACHIEVED (to pay
/// contributions verified after the goal was met). The fund's floor (zero) decides whether it can; the act is recorded
/// in the audit trail. The key is required: a grant spends what the whole community gave, and a double click must not
/// spend it twice.
/// </summary>
public static class GrantFromFund
{
    private static readonly GrantFromFundInputValidator Validator = new();

    private static readonly ChallengeStatus[] Takes = [ChallengeStatus.Open, ChallengeStatus.Achieved];

    public static void AddGrantFromFund(this ObjectGraphType mutation) =>
        mutation.Mutation<GrantFromFundInputType, GiftPayloadType>("grantFromFund",
                "A coordinator moves minutes from the community fund to an open or achieved challenge's pool, in one ledger entry.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.InsufficientCredit, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new(db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                gift => gift));

    public static async Task<Outcome<GiftPayload>> ExecuteAsync(GrantFromFundInput input, Caller caller, PoolRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        if (caller.RefuseAnonymous("Log in to grant from the fund.") is { } anonymous)
        {
            return anonymous;
        }
        var (db, ct) = (run.Db, run.Ct);
        var challenge = await db.Challenges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.ChallengeId, ct);
        if (challenge is null || await CommunityRoles.LoadAsync(db, challenge.CommunityId, caller, ct) is not { } roles || !roles.MaySee(challenge))
        {
            return new Failure(ErrorCode.NotFound, "No such challenge.", "challengeId");
        }
        if (!roles.IsCoordinator)
        {
            return roles.Forbid("Only coordinators grant from the community fund.");
        }
        var key = PoolLedger.Key("grant", caller.UserId!.Value, input.IdempotencyKey);
        if (challenge.PoolAccountId is null || (!Takes.Contains(challenge.Status) && !await PoolLedger.KeyUsedAsync(db, key, ct)))
        {
            return new Failure(ErrorCode.WrongStatus,
                $"Cannot grant to a challenge that is {PoolLedger.Word(challenge.Status)}: its pool takes grants while it is OPEN or ACHIEVED.", "challengeId");
        }
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Id == challenge.CommunityId, ct);
        var written = await PoolLedger.WriteAsync(run, new PoolGift(
            Transfer.Between(community.FundAccountId, challenge.PoolAccountId.Value, input.Minutes, key, caller.LedgerActor, EntryKind.Grant) with
            {
                Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
                Memo = "granted from the community fund",
                PolicyVersion = community.PolicyVersion,
            }, challenge.Id, Takes)
        {
            ActorUserId = caller.UserId!.Value,
            Act = new AuditAct(AuditActions.ChallengeGrant, challenge.CommunityId, AuditActions.Subjects.Challenge, challenge.Id)
            {
                After = new { minutes = input.Minutes },
            },
        });
        if (!written.Succeeded)
        {
            return new Failure(written.Code!.Value, written.Message!, written.Field);
        }
        return written.Value!.Status switch
        {
            LedgerStatus.Ok => new GiftPayload { Challenge = challenge, CommunityId = challenge.CommunityId, EntrySequence = written.Value.EntrySequence, Minutes = input.Minutes },
            LedgerStatus.IdempotencyConflict => new Failure(ErrorCode.IdempotencyConflict,
                "This idempotency key was already used for another grant (other minutes or another challenge).", "idempotencyKey"),
            LedgerStatus.ExceedsFloor => await PoolLedger.FundShortAsync(db, community.FundAccountId, input.Minutes, ct),
            LedgerStatus.AccountClosed => new Failure(ErrorCode.WrongStatus, "The challenge's pool is closed; nothing was granted.", "challengeId"),
            var status => throw new InvalidOperationException($"Granting to challenge {challenge.Id}: the ledger said {status}."),
        };
    }
}
