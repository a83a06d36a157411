using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges.Pledges;

/// <summary>The <c>Pledge</c> type, seen through its challenge by those who see the challenge.</summary>
public sealed class PledgeType : ObjectGraphType<ChallengePledge>
{
    public PledgeType()
    {
        Name = "Pledge";
        Description = "A member's promise of minutes of one category to a challenge; one per member and category.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The pledge's ID, for withdrawPledge.")
            .Resolve(ctx => GlobalId.Encode("Pledge", ctx.Source.Id));
        Field<NonNullGraphType<MemberType>>("member").Description("The member who pledges their time.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.MemberId).Then(m => m!));
        Field<NonNullGraphType<CategoryType>>("category").Description("What kind of help is pledged.")
            .Resolve(ctx => ctx.LoadCategory(ctx.Source.CategoryId).Then(c => c!));
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("The minutes pledged.").Resolve(ctx => ctx.Source.Minutes);
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The minutes pledged in hours, for display.").Resolve(ctx => ctx.Source.Minutes / 60.0);
        Field<NonNullGraphType<PledgeStatusType>>("status").Description("ACTIVE, or WITHDRAWN (it no longer counts).").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was first pledged (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When it last changed (UTC).").Resolve(ctx => ctx.Source.UpdatedAt);
    }
}

public sealed class PledgeStatusType : EnumerationGraphType<PledgeStatus>
{
    public PledgeStatusType()
    {
        Name = "PledgeStatus";
        Description = "Whether a pledge counts towards its challenge's progress.";
        Values.Single(v => Equals(v.Value, PledgeStatus.Active)).Description = "It counts towards the challenge's progress.";
        Values.Single(v => Equals(v.Value, PledgeStatus.Withdrawn)).Description = "The member withdrew it; pledging again makes it active.";
    }
}

public sealed class PledgePayload : Payload
{
    public ChallengePledge? Pledge { get; init; }
}

public sealed class PledgePayloadType : PayloadType<PledgePayload>
{
    public PledgePayloadType()
    {
        Name = "PledgePayload";
        Description = "The result of a mutation that makes, changes or withdraws a pledge.";
        Field<PledgeType>("pledge").Description("The pledge as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Pledge);
    }
}
