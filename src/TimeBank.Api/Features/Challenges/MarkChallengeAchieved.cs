using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Input of <c>markChallengeAchieved</c>.</summary>
public sealed record MarkChallengeAchievedInput(long ChallengeId);

public sealed class MarkChallengeAchievedInputValidator : AbstractValidator<MarkChallengeAchievedInput>;

public sealed class MarkChallengeAchievedInputType : InputObjectGraphType<MarkChallengeAchievedInput>
{
    public MarkChallengeAchievedInputType()
    {
        Name = "MarkChallengeAchievedInput";
        Description = "The challenge whose goal is met.";
        this.IdField("challengeId", "Challenge", "An OPEN challenge you lead (or of your community, as a coordinator).");
    }
}

/// <summary>
/// The lead (or a coordinator) says the challenge's goal is met. Its pool stays open, so contributions already made
/// can still be verified and paid until a coordinator closes it.
/// </summary>
public static class MarkChallengeAchieved
{
    private static readonly MarkChallengeAchievedInputValidator Validator = new();

    public static void AddMarkChallengeAchieved(this ObjectGraphType mutation) =>
        mutation.Mutation<MarkChallengeAchievedInputType, ChallengePayloadType>("markChallengeAchieved",
                "Marks an OPEN challenge ACHIEVED (its lead or a coordinator). " + ChallengeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new ChallengeRun(db, null, ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(MarkChallengeAchievedInput input, Caller caller, ChallengeRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        var loaded = await ChallengeStepLoad.LoadAsync(run.Db, input.ChallengeId, caller, ChallengeStateMachine.Achieve, run.Ct);
        return loaded.Value is not { } step
            ? ChallengeFlow.FailureOf(loaded)
            : await ChallengeFlow.TakeAsync(run, step, new ChallengeAsk(ChallengeStateMachine.Achieve));
    }
}
