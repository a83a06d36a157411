using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

public sealed class MemberPayload : Payload
{
    public Member? Member { get; init; }
}

public sealed class MemberPayloadType : PayloadType<MemberPayload>
{
    public MemberPayloadType()
    {
        Name = "MemberPayload";
        Description = "The result of a mutation that changes a membership or profile.";
        Field<MemberType>("member").Description("The member as they are now; null when there are errors.").Resolve(ctx => ctx.Source.Member);
    }
}
