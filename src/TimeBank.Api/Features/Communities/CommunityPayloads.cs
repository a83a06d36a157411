using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Communities;

public sealed class CommunityPayload : Payload
{
    public Community? Community { get; init; }
}

public sealed class CommunityPayloadType : PayloadType<CommunityPayload>
{
    public CommunityPayloadType()
    {
        Name = "CommunityPayload";
        Description = "The result of a mutation that changes a community.";
        Field<CommunityType>("community").Description("The community as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Community);
    }
}

public sealed class CategoryPayload : Payload
{
    public Category? Category { get; init; }
}

public sealed class CategoryPayloadType : PayloadType<CategoryPayload>
{
    public CategoryPayloadType()
    {
        Name = "CategoryPayload";
        Description = "The result of a mutation that changes a category.";
        Field<CategoryType>("category").Description("The category as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Category);
    }
}

public sealed class PolicyInputType : InputObjectGraphType<PolicyInput>
{
    public PolicyInputType()
    {
        Name = "PolicyInput";
        Description = "Rules of a community; omitted rules keep their current value (or the default for a new community).";
        Field<IntGraphType>("floorMinutes").Description("Lowest balance a member may reach, between -60000 and 0. Default -600 (10 hours owed).");
        Field<IntGraphType>("ceilingMinutes").Description("Highest balance a member may reach, between 0 and 60000. Default 6000 (100 hours).");
        Field<IntGraphType>("joiningGrantMinutes").Description("Minutes a new member receives on approval. Default 0.");
        Field(p => p.AutoAcknowledgeDays, nullable: true).Description("Days until an unanswered completed exchange settles, 1 to 90. Default 14.");
        Field(p => p.RequiresApproval, nullable: true).Description("Whether coordinators approve new members. Default true.");
        Field(p => p.AllowsDirectRecording, nullable: true).Description("Whether a receiver may record an exchange that already happened. Default true.");
    }
}
