using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Challenges.Contributions;
using TimeBank.Api.Features.Challenges.Pool;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges;

/// <summary>The <c>Challenge</c> type, seen by the community's members, coordinators and auditors.</summary>
public sealed class ChallengeType : ObjectGraphType<Challenge>
{
    /// <summary>Challenges by id, only those the caller may see (<c>node(id:)</c> and <c>challenge(id:)</c>).</summary>
    public static BatchFetch<long, Challenge> VisibleTo(IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        contexts.VisibleTo(caller,
            (db, ids) => db.Challenges.AsNoTracking().Where(c => ids.Contains(c.Id)), c => c.Id, c => c.CommunityId, (roles, c) => roles.MaySee(c));

    public ChallengeType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Challenge";
        Description = "A shared problem the community takes on together: what it needs, who leads it, its pooled hours and its progress.";
        this.IsNode(c => c.Id, context => VisibleTo(contexts, context.Caller()));
        Field(c => c.Title).Description("What the challenge is, in a line.");
        Field(c => c.Description).Description("What it is about and what success looks like.");
        Field(c => c.Neighbourhood, nullable: true).Description("Where it happens; null for the whole community.");
        Field<DateTimeGraphType>("deadline").Description("When it should be achieved by (UTC); null for no deadline.").Resolve(ctx => ctx.Source.Deadline);
        Field<NonNullGraphType<ChallengeStatusType>>("status").Description("Where the challenge stands.").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<CommunityType>>("community").Description("The community taking it on.")
            .Resolve(ctx => ctx.LoadCommunity(ctx.Source.CommunityId).Then(c => c!));
        Field<NonNullGraphType<MemberType>>("proposedBy").Description("The member who proposed it.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.ProposedByMemberId).Then(m => m!));
        Field<NonNullGraphType<MemberType>>("lead").Description("The member who leads it: the proposer unless a coordinator named another.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.LeadMemberId).Then(m => m!));
        Field(c => c.DeclineReason, nullable: true).Description("Why a coordinator declined it; null unless DECLINED.");
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was proposed (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When it last changed (UTC).").Resolve(ctx => ctx.Source.UpdatedAt);
        this.AddPoolFields();
        this.AddLifecycleFields();
        this.AddContributionFields();
    }
}

public sealed class ChallengeStatusType : EnumerationGraphType<ChallengeStatus>
{
    public ChallengeStatusType()
    {
        Name = "ChallengeStatus";
        Description = "Where a challenge stands.";
        Describe(ChallengeStatus.Proposed, "Proposed by a member; waiting for a coordinator to approve or decline it.");
        Describe(ChallengeStatus.Open, "Approved: its pool is open for donations, pledges and contributions.");
        Describe(ChallengeStatus.Achieved, "Its goal is met; verified contributions may still be paid until it closes.");
        Describe(ChallengeStatus.Closed, "Finished: what was left in its pool went back to the community fund, and the pool is closed; final.");
        Describe(ChallengeStatus.Declined, "A coordinator declined the proposal; final.");
    }

    private void Describe(ChallengeStatus status, string description) => Values.Single(v => Equals(v.Value, status)).Description = description;
}
