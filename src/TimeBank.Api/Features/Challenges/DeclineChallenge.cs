using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Input of <c>declineChallenge</c>.</summary>
public sealed record DeclineChallengeInput(long ChallengeId, string Reason);

public sealed class DeclineChallengeInputValidator : AbstractValidator<DeclineChallengeInput>
{
    public DeclineChallengeInputValidator() => ChallengeRules.Reason(RuleFor(i => i.Reason));
}

public sealed class DeclineChallengeInputType : InputObjectGraphType<DeclineChallengeInput>
{
    public DeclineChallengeInputType()
    {
        Name = "DeclineChallengeInput";
        Description = "The challenge to decline, and why.";
        this.IdField("challengeId", "Challenge", "A PROPOSED challenge of your community.");
        Field(i => i.Reason).Description($"Why, for the proposer: up to {ChallengeRules.ReasonLength} characters.");
    }
}

/// <summary>A coordinator declines a proposed challenge, saying why; it is final and no pool was ever opened.</summary>
public static class DeclineChallenge
{
    private static readonly DeclineChallengeInputValidator Validator = new();

    public static void AddDeclineChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<DeclineChallengeInputType, ChallengePayloadType>("declineChallenge",
                "Declines a PROPOSED challenge (coordinators), with a reason; final. " + ChallengeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new ChallengeRun(db, null, ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(DeclineChallengeInput input, Caller caller, ChallengeRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        var loaded = await ChallengeStepLoad.LoadAsync(run.Db, input.ChallengeId, caller, ChallengeStateMachine.Decline, run.Ct);
        if (loaded.Value is not { } step)
        {
            return ChallengeFlow.FailureOf(loaded);
        }
        var ask = new ChallengeAsk(ChallengeStateMachine.Decline, input.Reason);
        return await ChallengeFlow.TakeAsync(run, step, ask, challenge => challenge.DeclineReason = ask.RecordedNote);
    }
}
