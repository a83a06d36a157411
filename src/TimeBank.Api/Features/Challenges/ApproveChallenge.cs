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

/// <summary>Input of <c>approveChallenge</c>.</summary>
public sealed record ApproveChallengeInput(long ChallengeId);

public sealed class ApproveChallengeInputValidator : AbstractValidator<ApproveChallengeInput>;

public sealed class ApproveChallengeInputType : InputObjectGraphType<ApproveChallengeInput>
{
    public ApproveChallengeInputType()
    {
        Name = "ApproveChallengeInput";
        Description = "The challenge to approve.";
        this.IdField("challengeId", "Challenge", "A PROPOSED challenge of your community.");
    }
}

/// <summary>
/// A coordinator approves a proposed challenge: it opens, and so does its POOL account on the ledger (floor 0, so the
/// ledger itself refuses any payment that would take it below zero), in the transaction that moves the challenge.
/// </summary>
public static class ApproveChallenge
{
    private static readonly ApproveChallengeInputValidator Validator = new();

    public static void AddApproveChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<ApproveChallengeInputType, ChallengePayloadType>("approveChallenge",
                "Approves a PROPOSED challenge (coordinators): it becomes OPEN and its pool account opens for donations and payments. " + ChallengeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new ChallengeRun(db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(ApproveChallengeInput input, Caller caller, ChallengeRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        var loaded = await ChallengeStepLoad.LoadAsync(run.Db, input.ChallengeId, caller, ChallengeStateMachine.Approve, run.Ct);
        if (loaded.Value is not { } step)
        {
            return ChallengeFlow.FailureOf(loaded);
        }
        var ask = new ChallengeAsk(ChallengeStateMachine.Approve);
        if (await ChallengeFlow.JudgeAsync(run.Db, step.Challenge, ask, run.Ct) is { } answer)
        {
            return answer;
        }
        var challenge = step.Challenge;
        var group = await run.Db.Communities.Where(c => c.Id == challenge.CommunityId).Select(c => c.LedgerGroup).SingleAsync(run.Ct);
        var command = new OpenAccount(group, LedgerVocabulary.PoolAccountCode(challenge.Id), AccountKind.Pool, FloorMinutes: 0, CeilingMinutes: null)
        {
            IdempotencyKey = LedgerVocabulary.PoolAccountKey(challenge.Id),
            ActorId = step.Actor.LedgerActor,
            PrincipalId = step.Actor.LedgerPrincipal,
            Cause = LedgerVocabulary.ChallengeCause(challenge.Id),
        };
        var (outcome, result) = await ChallengeLedgerStep.WriteAsync(run, step, ask, command, (moved, written) => moved.PoolAccountId = written.AccountId);
        return outcome ?? throw new InvalidOperationException($"Challenge {challenge.Id}: the ledger refused to open its pool with {result?.Status}.");
    }
}
