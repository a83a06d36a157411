using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Input of <c>closeChallenge</c>.</summary>
public sealed record CloseChallengeInput(long ChallengeId);

public sealed class CloseChallengeInputValidator : AbstractValidator<CloseChallengeInput>;

public sealed class CloseChallengeInputType : InputObjectGraphType<CloseChallengeInput>
{
    public CloseChallengeInputType()
    {
        Name = "CloseChallengeInput";
        Description = "The challenge to close.";
        this.IdField("challengeId", "Challenge", "An OPEN or ACHIEVED challenge of your community.");
    }
}

/// <summary>
/// A coordinator closes an open or achieved challenge: what is left in its pool goes back to the community fund in one
/// ledger entry (an ADJUSTMENT), written in the transaction that closes the challenge, and then the emptied pool account
/// is closed. Closing again finishes what a first call left undone (the pool's closing), and otherwise changes nothing.
/// A challenge with contributions still LOGGED does not close (CONTRIBUTIONS_PENDING): once closed its pool pays nothing,
/// so they would wait for ever, undecided; they are verified or rejected first. The count is taken again in the closing's
/// own transaction, and logging re-reads the challenge in its own, so a contribution logged meanwhile is either seen here
/// or refused there.
/// </summary>
public static class CloseChallenge
{
    public const string ClosingMemo = "returned to the fund on closing";

    /// <summary>How many times a closing that found the pool changed under it (a donation, a payment) is tried again.</summary>
    private const int Attempts = 5;

    private static readonly CloseChallengeInputValidator Validator = new();

    public static void AddCloseChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<CloseChallengeInputType, ChallengePayloadType>("closeChallenge",
                "Closes an OPEN or ACHIEVED challenge (coordinators): what is left in its pool returns to the community fund in one entry, and the pool closes. " +
                ChallengeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.ContributionsPending])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new ChallengeRun(db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(CloseChallengeInput input, Caller caller, ChallengeRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        var ask = new ChallengeAsk(ChallengeStateMachine.Close);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await ChallengeStepLoad.LoadAsync(run.Db, input.ChallengeId, caller, ask.Move, run.Ct);
            if (loaded.Value is not { } step)
            {
                return ChallengeFlow.FailureOf(loaded);
            }
            if (await ChallengeFlow.JudgeAsync(run.Db, step.Challenge, ask, run.Ct) is { } answer)
            {
                return answer.Succeeded ? await FinishAsync(run, step, answer.Value!) : answer;
            }
            if (await PendingAsync(run, step.Challenge.Id) is { } pending)
            {
                return pending;
            }
            try
            {
                var (outcome, result) = await EmptyPoolAsync(run, step, ask);
                if (outcome is { Succeeded: true, Value: { } closed })
                {
                    return await FinishAsync(run, step, closed);
                }
                if (outcome is { } refused)
                {
                    return refused;
                }
                // The pool held other minutes than were read (a donation or a payment came between): read it again.
                if (result?.Status is not (LedgerStatus.ExceedsFloor or LedgerStatus.AccountNotEmpty) || attempt == Attempts)
                {
                    throw new InvalidOperationException($"Challenge {step.Challenge.Id}: the ledger refused its closing with {result?.Status}.");
                }
            }
            catch (PoolChangedException) when (attempt < Attempts)
            {
                // The same: the entry was undone with the challenge's rows, so nothing of this attempt stays.
            }
            catch (ContributionLoggedException)
            {
                // Logged between the count above and the closing's transaction: counted again, and said (unless decided
                // meanwhile too, and then the closing is tried again).
                if (await PendingAsync(run, step.Challenge.Id) is { } loggedMeanwhile)
                {
                    return loggedMeanwhile;
                }
            }
        }
    }

    /// <summary>
    /// Moves the pool's balance to the fund in one entry whose transaction also closes the challenge; an empty pool is
    /// closed at once instead, in the transaction that closes the challenge.
    /// </summary>
    private static async Task<(Outcome<Challenge>? Outcome, LedgerResult? Result)> EmptyPoolAsync(ChallengeRun run, ChallengeStep step, ChallengeAsk ask)
    {
        var challenge = step.Challenge;
        var poolId = challenge.PoolAccountId ?? throw new InvalidOperationException($"Challenge {challenge.Id} is {challenge.Status} without a pool.");
        var pool = await run.Db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == poolId, run.Ct);
        if (pool.BalanceMinutes == 0)
        {
            return await ChallengeLedgerStep.WriteAsync(run, step, ask, ClosePool(step, poolId), (_, _) => { },
                (statements, _) => RefuseLogged(statements, challenge.Id));
        }
        var fundId = await run.Db.Communities.Where(c => c.Id == challenge.CommunityId).Select(c => c.FundAccountId).SingleAsync(run.Ct);
        var returned = Transfer.Between(poolId, fundId, pool.BalanceMinutes, LedgerVocabulary.ChallengeCloseKey(challenge.Id), step.Actor.LedgerActor, EntryKind.Adjustment)
            with
        {
            PrincipalId = step.Actor.LedgerPrincipal,
            Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
            Memo = ClosingMemo,
        };
        return await ChallengeLedgerStep.WriteAsync(run, step, ask, returned,
            (closed, written) => closed.ClosingEntrySequence = written.EntrySequence,
            (statements, _) =>
            {
                RefuseLogged(statements, challenge.Id);
                // Inside the entry's transaction: the pool must now hold nothing, or the entry did not take all of it.
                if (Convert.ToInt64(statements.Scalar(PoolBalanceSql, ("@id", poolId)), System.Globalization.CultureInfo.InvariantCulture) != 0)
                {
                    throw new PoolChangedException();
                }
            });
    }

    /// <summary>Closes the emptied pool account if it is still open (a first call may have stopped between the two writes).</summary>
    private static async Task<Outcome<Challenge>> FinishAsync(ChallengeRun run, ChallengeStep step, Challenge challenge)
    {
        if (challenge.PoolAccountId is not { } poolId
            || await run.Db.Set<LedgerAccount>().AsNoTracking().AnyAsync(a => a.Id == poolId && a.Status == AccountStatus.Closed, run.Ct))
        {
            return challenge;
        }
        var result = await PreparedStatements.SubmitAsync(run.LedgerFor(ChallengeStateMachine.Close), ClosePool(step, poolId), (_, _) => Task.CompletedTask, run.Clock, run.Ct);
        return result.Succeeded || result.Status is LedgerStatus.AccountClosed or LedgerStatus.IdempotencyConflict
            ? challenge
            : throw new InvalidOperationException($"Challenge {challenge.Id}: the ledger refused to close its pool with {result.Status}.");
    }

    private static CloseAccount ClosePool(ChallengeStep step, long poolId) => new(poolId)
    {
        IdempotencyKey = LedgerVocabulary.PoolClosingKey(step.Challenge.Id),
        ActorId = step.Actor.LedgerActor,
        PrincipalId = step.Actor.LedgerPrincipal,
        Cause = LedgerVocabulary.ChallengeCause(step.Challenge.Id),
    };

    /// <summary>CONTRIBUTIONS_PENDING when the challenge has contributions still LOGGED, saying how many; otherwise null.</summary>
    private static async Task<Failure?> PendingAsync(ChallengeRun run, long challengeId)
    {
        var logged = await run.Db.ChallengeContributions.CountAsync(c => c.ChallengeId == challengeId && c.Status == ContributionStatus.Logged, run.Ct);
        return logged == 0
            ? null
            : new Failure(ErrorCode.ContributionsPending, logged == 1
                ? "1 contribution to this challenge is still LOGGED: verify or reject it before closing the challenge, whose pool pays nothing once closed."
                : $"{logged} contributions to this challenge are still LOGGED: verify or reject them before closing the challenge, whose pool pays nothing once closed.");
    }

    /// <summary>Inside the closing's transaction: a contribution logged since the count undoes the closing.</summary>
    private static void RefuseLogged(PreparedStatements statements, long challengeId)
    {
        if (Convert.ToInt64(statements.Scalar(LoggedSql, ("@id", challengeId)), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            throw new ContributionLoggedException();
        }
    }

    private const string LoggedSql = $$"""SELECT EXISTS (SELECT 1 FROM "ChallengeContributions" WHERE "ChallengeId" = @id AND "Status" = '{{nameof(ContributionStatus.Logged)}}')""";

    private const string PoolBalanceSql = """SELECT "CreditsPostedMinutes" - "DebitsPostedMinutes" FROM "LedgerAccounts" WHERE "Id" = @id""";

    /// <summary>Thrown inside the ledger's transaction to undo a closing whose entry left minutes in the pool.</summary>
    private sealed class PoolChangedException : Exception;

    /// <summary>Thrown inside the closing's transaction to undo it when a contribution was logged meanwhile.</summary>
    private sealed class ContributionLoggedException : Exception;
}
