using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges;

/// <summary>What <c>challengeUpdated</c> delivers: what changed, and the challenge as it now is.</summary>
public sealed record ChallengeUpdate(ChallengeChange Change, Challenge Challenge);

/// <summary>
/// <c>challengeUpdated(challengeId)</c> and <c>challengeNeedsYou</c>. The update events name no audience, so who may
/// hear them is checked here: when the subscription starts (someone who may not see the challenge is told it does not
/// exist, and hears nothing), and again for each event, through the same rule as <c>challenge(id:)</c>, so a member
/// who left the community since is told no more.
/// </summary>
public static class ChallengeSubscriptions
{
    public static ObjectGraphType AddChallengeSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ChallengeUpdateType>>("challengeUpdated")
            .Description("Every change of one challenge (its status, details, pledges, donations, contributions), for the active members, coordinators and auditors of its community. Needs a token in connection_init.")
            .Argument<NonNullGraphType<IdGraphType>>("challengeId", "The challenge.", a => a.IdOf<long>("Challenge"))
            .ResolveStreamAsync(async ctx =>
            {
                var challengeId = ctx.GetId<long>("challengeId", "Challenge");
                ctx.SignedInUserId("Log in (connection_init payload) to subscribe.");
                if (await VisibleAsync(ctx, challengeId) is null)
                {
                    throw new QueryError(ErrorCode.NotFound, "No such challenge.");
                }
                return ctx.CallerEvents(ChallengeEvents.Updated, e => e.ChallengeId == challengeId);
            })
            .ResolveAsync(async ctx =>
            {
                var updated = ctx.Event<ChallengeUpdatedEvent>();
                return await VisibleAsync(ctx, updated.ChallengeId) is { } challenge
                    ? new ChallengeUpdate(updated.Change, challenge)
                    : throw new QueryError(ErrorCode.Forbidden, "You no longer see this challenge.");
            });
        subscription.AddChallengeNeedsYou();
        return subscription;
    }

    private static async Task<Challenge?> VisibleAsync(IResolveFieldContext ctx, long challengeId)
    {
        var visible = await ChallengeType.VisibleTo(ctx.Service<IDbContextFactory<TimeBankDbContext>>(), ctx.Caller())([challengeId], ctx.CancellationToken);
        return visible.GetValueOrDefault(challengeId);
    }
}

public sealed class ChallengeUpdateType : ObjectGraphType<ChallengeUpdate>
{
    public ChallengeUpdateType()
    {
        Name = "ChallengeUpdate";
        Description = "One change of a challenge: what changed, and the challenge as it now is.";
        Field<NonNullGraphType<ChallengeChangeType>>("change").Description("What changed.").Resolve(ctx => ctx.Source.Change);
        Field<NonNullGraphType<ChallengeType>>("challenge").Description("The challenge, read after the change committed.").Resolve(ctx => ctx.Source.Challenge);
    }
}

public sealed class ChallengeChangeType : EnumerationGraphType<ChallengeChange>
{
    public ChallengeChangeType()
    {
        Name = "ChallengeChange";
        Description = "What changed on a challenge.";
        Describe(ChallengeChange.Status, "Its status: proposed, approved, declined, achieved or closed.");
        Describe(ChallengeChange.Details, "What it says: title, description, neighbourhood, deadline, needs or lead.");
        Describe(ChallengeChange.Pledge, "A pledge was made, changed or withdrawn.");
        Describe(ChallengeChange.Donation, "Minutes were donated or granted to its pool.");
        Describe(ChallengeChange.Contribution, "A contribution was logged, verified (and paid) or rejected.");
    }

    private void Describe(ChallengeChange change, string description) => Values.Single(v => Equals(v.Value, change)).Description = description;
}
