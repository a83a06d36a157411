using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Challenges;

public sealed class ChallengePayload : Payload
{
    public Challenge? Challenge { get; init; }
}

public sealed class ChallengePayloadType : PayloadType<ChallengePayload>
{
    public ChallengePayloadType()
    {
        Name = "ChallengePayload";
        Description = "The result of a mutation that creates or changes a challenge.";
        Field<ChallengeType>("challenge").Description("The challenge as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Challenge);
    }
}
