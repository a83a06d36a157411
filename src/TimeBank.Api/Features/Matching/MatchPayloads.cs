using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Matching;

public sealed class MatchPayload : Payload
{
    public Match? Match { get; init; }
}

public sealed class MatchPayloadType : PayloadType<MatchPayload>
{
    public MatchPayloadType()
    {
        Name = "MatchPayload";
        Description = "The result of a mutation that changes a match.";
        Field<MatchType>("match").Description("The match as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Match);
    }
}
