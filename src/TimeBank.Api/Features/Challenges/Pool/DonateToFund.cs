using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>Input of <c>donateToFund</c>.</summary>
public sealed record DonateToFundInput(long CommunityId, int Minutes, string? IdempotencyKey = null);

public sealed class DonateToFundInputValidator : AbstractValidator<DonateToFundInput>
{
    public DonateToFundInputValidator()
    {
        PoolLedger.Minutes(RuleFor(i => i.Minutes));
        PoolLedger.IdempotencyKey(RuleFor(i => i.IdempotencyKey)).When(i => i.IdempotencyKey is not null);
    }
}

public sealed class DonateToFundInputType : InputObjectGraphType<DonateToFundInput>
{
    public DonateToFundInputType()
    {
        Name = "DonateToFundInput";
        Description = "Minutes a member gives from their own account to the community fund.";
        this.IdField("communityId", "Community", "The community whose fund receives the minutes.");
        Field(i => i.Minutes).Description($"The minutes to give, 1 to {PoolLedger.MaxMinutes}; the giver's floor decides whether they can.");
        Field(i => i.IdempotencyKey, nullable: true).Description(PoolLedger.IdempotencyKeyRule + " Without one, every call gives.");
    }
}

/// <summary>
/// A member gives minutes from their own account to the community fund, which coordinators grant to challenges. Only
/// for oneself: coordinators decide what the fund grants, so giving a member's minutes to it would be giving them to
/// the coordinator's own purse.
/// </summary>
public static class DonateToFund
{
    private static readonly DonateToFundInputValidator Validator = new();

    public static void AddDonateToFund(this ObjectGraphType mutation) =>
        mutation.Mutation<DonateToFundInputType, GiftPayloadType>("donateToFund",
                "Gives minutes from the caller's account to the community fund, in one ledger entry.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.InsufficientCredit, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new(db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                gift => gift));

    public static async Task<Outcome<GiftPayload>> ExecuteAsync(DonateToFundInput input, Caller caller, PoolRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        if (caller.RefuseAnonymous("Log in to donate.") is { } anonymous)
        {
            return anonymous;
        }
        var (db, ct) = (run.Db, run.Ct);
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.CommunityId, ct);
        var roles = await CommunityRoles.LoadAsync(db, input.CommunityId, caller, ct);
        if (community is null || !roles.MayActAsMember)
        {
            return community is null ? new Failure(ErrorCode.NotFound, "No such community.", "communityId")
                : roles.Refuse("No such community.", "communityId", "Only active members of this community donate.");
        }
        var donor = roles.Membership!;
        if (donor.AccountId is not { } accountId)
        {
            return new Failure(ErrorCode.WrongStatus, $"{donor.DisplayName} has no account yet.");
        }
        var key = PoolLedger.Key("donate", caller.UserId!.Value, input.IdempotencyKey);
        var written = await PoolLedger.WriteAsync(run, new PoolGift(
            Transfer.Between(accountId, community.FundAccountId, input.Minutes, key, caller.LedgerActor, EntryKind.Donation) with
            {
                PrincipalId = LedgerVocabulary.Member(donor.Id),
                Cause = LedgerVocabulary.FundCause(community.Id),
                Memo = "donation to the community fund",
                PolicyVersion = community.PolicyVersion,
            }, null, [])
        {
            Donor = donor,
            ActorUserId = caller.UserId!.Value,
        });
        if (!written.Succeeded)
        {
            return new Failure(written.Code!.Value, written.Message!, written.Field);
        }
        return written.Value!.Status switch
        {
            LedgerStatus.Ok => new GiftPayload { CommunityId = community.Id, DonorMemberId = donor.Id, EntrySequence = written.Value.EntrySequence, Minutes = input.Minutes },
            LedgerStatus.IdempotencyConflict => new Failure(ErrorCode.IdempotencyConflict,
                "This idempotency key was already used for another gift (other minutes, or to a challenge rather than the fund).", "idempotencyKey"),
            LedgerStatus.ExceedsFloor => await InsufficientCredit.ForAsync(db, donor, input.Minutes, "this donation", "minutes", ct),
            var status => throw new InvalidOperationException($"Donating to the fund of community {community.Id}: the ledger said {status}."),
        };
    }
}
