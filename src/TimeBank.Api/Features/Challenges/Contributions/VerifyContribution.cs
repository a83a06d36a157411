using System.Globalization;
using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>Input of <c>verifyContribution</c>.</summary>
public sealed record VerifyContributionInput(long ContributionId);

public sealed class VerifyContributionInputValidator : AbstractValidator<VerifyContributionInput>;

public sealed class VerifyContributionInputType : InputObjectGraphType<VerifyContributionInput>
{
    public VerifyContributionInputType()
    {
        Name = "VerifyContributionInput";
        Description = "The contribution you verify, so the challenge's pool pays its contributor.";
        this.IdField("contributionId", "Contribution", "A LOGGED contribution to a challenge you lead or coordinate, neither done nor logged by you.");
    }
}

/// <summary>
/// The lead or a coordinator verifies a logged contribution: the challenge's pool pays the contributor its minutes in one
/// CONTRIBUTION entry, written with the contribution's new status in one transaction. The pool's floor is zero, so the
/// ledger itself refuses a payment the pool cannot make (POOL_SHORT, saying what it holds); nothing is checked and then
/// written apart, and the contribution stays LOGGED to be verified once the pool is topped up.
/// </summary>
public static class VerifyContribution
{
    private static readonly VerifyContributionInputValidator Validator = new();

    public static void AddVerifyContribution(this ObjectGraphType mutation) =>
        mutation.Mutation<VerifyContributionInputType, ContributionPayloadType>("verifyContribution",
                "Verify a LOGGED contribution: the challenge's pool pays the contributor its minutes. Sent again it answers as the first " +
                "time and pays nothing more; after a rejection it is WRONG_STATUS.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.PoolShort, ErrorCode.CeilingReached])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                contribution => new ContributionPayload { Contribution = contribution }));

    public static async Task<Outcome<ChallengeContribution>> ExecuteAsync(
        VerifyContributionInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loaded = await ContributionDecision.LoadAsync(db, caller, input.ContributionId, "verify", ct);
        if (loaded.Value is not { } found)
        {
            return new Failure(loaded.Code!.Value, loaded.Message!, loaded.Field);
        }
        if (Judge(found.Contribution) is { } answer)
        {
            return answer;
        }
        if (ContributionDecision.RefuseUndecidable(found.Challenge, "verified") is { } undecidable)
        {
            return undecidable;
        }
        return await PayAsync(db, ledger, found, caller, clock, ct);
    }

    /// <summary>A contribution already decided: verified is this step made before, rejected is another decision.</summary>
    private static Outcome<ChallengeContribution>? Judge(ChallengeContribution contribution) => contribution.Status switch
    {
        ContributionStatus.Logged => null,
        ContributionStatus.Verified => contribution,
        _ => ContributionDecision.AlreadyDecided(contribution, "verify"),
    };

    private static async Task<Outcome<ChallengeContribution>> PayAsync(
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ContributionCase found, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var (contribution, challenge, contributor) = (found.Contribution, found.Challenge, found.Contributor);
        var pool = challenge.PoolAccountId!.Value;
        var payment = Transfer.Between(pool, contributor.AccountId!.Value, contribution.Minutes,
            LedgerVocabulary.ContributionPaymentKey(contribution.Id), caller.LedgerActor, EntryKind.Contribution) with
        {
            Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
            Memo = "verified contribution",
            PolicyVersion = found.PolicyVersion,
        };
        // The writer may run the callback again (a lost race inside its batch), so it starts from what was read each time.
        var versionRead = contribution.Version;
        LedgerResult? result;
        try
        {
            result = await PreparedStatements.SubmitAsync(ledger, payment, (statements, written) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                // Verified or rejected by someone else since it was read: nothing of this call may stand, the payment included.
                if (!ContributionRows.TryVerify(statements, contribution.Id, caller.UserId!.Value, now, written.EntrySequence!.Value))
                {
                    throw new ContributionMovedException();
                }
                (contribution.Status, contribution.DecidedByUserId, contribution.DecidedAt) = (ContributionStatus.Verified, caller.UserId, now);
                (contribution.PaymentEntrySequence, contribution.Version) = (written.EntrySequence, versionRead + 1);
                AuditTrail.OnLedgerWriter(statements, clock).Add(ContributionDecision.Audit(found, AuditActions.ContributionVerify), caller.UserId!.Value);
                var outbox = OutboxWriter.OnLedgerWriter(statements, clock);
                ChallengeEvents.TellUpdated(outbox, challenge.Id, ChallengeChange.Contribution);
                BalanceChanged.Tell(outbox, written, [contributor]);
                return Task.CompletedTask;
            }, clock, ct);
        }
        catch (ContributionMovedException)
        {
            result = null;
        }
        if (result is { Succeeded: true, IsReplay: false })
        {
            return contribution;
        }
        if (result is null || result.Succeeded || result.Status == LedgerStatus.IdempotencyConflict)
        {
            // Decided by another call (whose payment, if any, is the one entry under this contribution's key): judged against it.
            var now = await db.ChallengeContributions.AsNoTracking().SingleAsync(c => c.Id == contribution.Id, ct);
            return Judge(now) ?? throw new InvalidOperationException($"Contribution {contribution.Id} is still LOGGED after its payment was {result?.Status}.");
        }
        return result.Status switch
        {
            LedgerStatus.ExceedsFloor => await PoolShortAsync(db, pool, contribution.Minutes, ct),
            LedgerStatus.ExceedsCeiling => new Failure(ErrorCode.CeilingReached,
                $"{contributor.DisplayName}'s account would pass its ceiling with {contribution.Minutes} more minutes."),
            LedgerStatus.AccountClosed => new Failure(ErrorCode.WrongStatus, "The challenge closed meanwhile; its pool pays nothing more."),
            _ => throw new InvalidOperationException($"Contribution {contribution.Id}: the ledger refused its payment with {result.Status}."),
        };
    }

    private static async Task<Failure> PoolShortAsync(TimeBankDbContext db, long poolAccountId, int minutes, CancellationToken ct)
    {
        var pool = await db.FindLedgerAccountAsync(poolAccountId, ct) ?? throw new InvalidOperationException($"pool account {poolAccountId} is missing");
        var holds = pool.BalanceMinutes.ToString(CultureInfo.InvariantCulture);
        return new Failure(ErrorCode.PoolShort,
            $"The challenge's pool holds {holds} minutes, fewer than the {minutes} this contribution needs; donations or a grant from the fund can top it up.");
    }

    /// <summary>Thrown inside the ledger's transaction to undo a payment whose contribution was decided meanwhile.</summary>
    private sealed class ContributionMovedException : Exception;
}
