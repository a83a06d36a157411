using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges;

/// <summary>
/// A step that writes the ledger (approving opens the pool, closing empties it): the challenge's rows are written in
/// the ledger's transaction, beside the account or entry, and the step refused there if the challenge changed since
/// it was read, so the ledger write and the challenge's move commit together or not at all.
/// </summary>
public static class ChallengeLedgerStep
{
    /// <summary>
    /// Submits <paramref name="command"/>; when the ledger accepts it, <paramref name="apply"/> sets on the challenge
    /// what the ledger wrote (its pool, its closing entry), then its row, timeline step, audit record and event are
    /// written, and <paramref name="alongside"/> adds what else the step tells (null: nothing). A replay, a conflict or a lost race is
    /// judged against the challenge as it now is. A null outcome: the ledger refused the command (the result says why).
    /// </summary>
    public static async Task<(Outcome<Challenge>? Outcome, LedgerResult? Result)> WriteAsync(
        ChallengeRun run, ChallengeStep step, ChallengeAsk ask, LedgerCommand command, Action<Challenge, LedgerResult> apply,
        Action<PreparedStatements, Challenge>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(apply);
        var challenge = step.Challenge;
        // The writer may run the callback again (a lost race inside its batch), so it starts from what was read each time.
        var (statusRead, versionRead) = (challenge.Status, challenge.Version);
        LedgerResult result;
        try
        {
            result = await PreparedStatements.SubmitAsync(run.LedgerFor(ask.Move), command, (statements, written) =>
            {
                var now = run.Clock.GetUtcNow().UtcDateTime;
                challenge.Status = statusRead;
                ChallengeFlow.Enter(challenge, ask.Move, now, versionRead);
                apply(challenge, written);
                alongside?.Invoke(statements, challenge);
                if (!ChallengeRows.TryMove(statements, challenge, versionRead))
                {
                    throw new ChallengeMovedException();
                }
                ChallengeRows.AddTransition(statements, ChallengeFlow.Transition(step.Actor, challenge.Id, statusRead, ask, now));
                if (ChallengeAudit.Of(step, ask, statusRead) is { } act)
                {
                    AuditTrail.OnLedgerWriter(statements, run.Clock).Add(act, step.Actor.UserId);
                }
                ChallengeEvents.TellUpdated(OutboxWriter.OnLedgerWriter(statements, run.Clock), challenge.Id, ChallengeFlow.ChangeOf(ask.Move));
                return Task.CompletedTask;
            }, run.Clock, run.Ct);
        }
        catch (ChallengeMovedException)
        {
            return (await ChallengeFlow.AfterRaceAsync(run.Db, challenge.Id, ask, run.Ct), null);
        }
        if (result.Succeeded && !result.IsReplay)
        {
            return (challenge, result);
        }
        // A replay or the same key with other content (another coordinator's call racing this one): the row says what happened.
        if (result.Succeeded || result.Status == LedgerStatus.IdempotencyConflict)
        {
            return (await ChallengeFlow.AfterRaceAsync(run.Db, challenge.Id, ask, run.Ct), result);
        }
        // The ledger refused the write itself: the step says what that means.
        return (null, result);
    }

    /// <summary>Thrown inside the ledger's transaction to undo a step whose challenge changed meanwhile.</summary>
    public sealed class ChallengeMovedException : Exception;
}
