using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges;

/// <summary>The lifecycle's fields of <c>Challenge</c>: what it needs, its timeline and where its pool and closing stand.</summary>
public static class ChallengeLifecycleFields
{
    private static readonly KeysetOrder<ChallengeTransition> OldestFirst = new KeysetOrder<ChallengeTransition>().By(t => t.Id);

    public static void AddLifecycleFields(this ObjectGraphType<Challenge> challenge)
    {
        challenge.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeNeedType>>>>("needs")
            .Description("The minutes it needs per category, by category.")
            .Resolve(ctx => ctx.LoadNeeds(ctx.Source.Id))
            .MaxItems(ChallengeRules.MaxNeeds);
        challenge.Field<NonNullGraphType<IntGraphType>>("neededMinutes").Description("The minutes it needs in all categories together.")
            .Resolve(ctx => ctx.LoadNeeds(ctx.Source.Id).Then(needs => needs.Sum(n => n.Minutes)));
        challenge.Field<NonNullGraphType<ConnectionType<ChallengeTransitionType>>>("timeline")
            .Description("Every step, oldest first, with who took it and for whom: its status moves and every change of its details.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.CreateDbContextAsync();
                return await db.ChallengeTransitions.AsNoTracking().Where(t => t.ChallengeId == ctx.Source.Id)
                    .ToConnectionAsync(OldestFirst, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
        challenge.Field<LongGraphType>("closingEntrySequence")
            .Description("The ledger entry that returned what was left in the pool to the community fund; null before closing, or when nothing was left.")
            .Resolve(ctx => ctx.Source.ClosingEntrySequence);
    }
}

public sealed class ChallengeNeedType : ObjectGraphType<ChallengeNeed>
{
    public ChallengeNeedType()
    {
        Name = "ChallengeNeed";
        Description = "How many minutes of one category a challenge needs.";
        Field<NonNullGraphType<CategoryType>>("category").Description("The category.")
            .Resolve(ctx => ctx.LoadCategory(ctx.Source.CategoryId).Then(c => c!));
        Field(n => n.Minutes).Description("The minutes needed.");
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The same in hours, for display.").Resolve(ctx => ctx.Source.Minutes / 60.0);
    }
}

public sealed class ChallengeTransitionType : ObjectGraphType<ChallengeTransition>
{
    public ChallengeTransitionType()
    {
        Name = "ChallengeTransition";
        Description = "One step of a challenge's timeline.";
        Field<ChallengeStatusType>("fromStatus").Description("The status before; null for the step that created it.").Resolve(ctx => ctx.Source.FromStatus);
        Field<NonNullGraphType<ChallengeStatusType>>("toStatus").Description("The status after (the same as before for an update).").Resolve(ctx => ctx.Source.ToStatus);
        Field(t => t.Action).Description("The step: propose, create-from-needs, approve, decline, update, achieve or close.");
        Field<IdGraphType>("actorUserId").Description("The user who took the step (the global ID of a User).")
            .Resolve(ctx => ctx.Source.ActorUserId is { } id ? GlobalId.Encode("User", id) : null);
        Field<MemberType>("principal").Description("The member on whose behalf it was taken; null for an admin who is no member.")
            .Resolve(ctx => ctx.Source.PrincipalMemberId is { } id ? ctx.LoadMember(id) : DataLoaderResults.FromValue<Member?>(null));
        Field(t => t.Note, nullable: true).Description("The reason given, or what an update changed; null when none.");
        Field<NonNullGraphType<DateTimeGraphType>>("at").Description("When (UTC).").Resolve(ctx => ctx.Source.At);
    }
}
