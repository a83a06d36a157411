using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>What a donation or grant did: the entry that moved the minutes, and where they went.</summary>
public sealed class GiftPayload : TimeBank.GraphQL.Mutations.Payload
{
    /// <summary>The challenge whose pool received the minutes; null for a donation to the fund.</summary>
    public Challenge? Challenge { get; init; }

    public long? CommunityId { get; init; }

    /// <summary>The member whose minutes were given; null for a grant from the fund.</summary>
    public long? DonorMemberId { get; init; }

    public long? EntrySequence { get; init; }

    public int? Minutes { get; init; }
}

public sealed class GiftPayloadType : TimeBank.GraphQL.Mutations.PayloadType<GiftPayload>
{
    public GiftPayloadType()
    {
        Name = "GiftPayload";
        Description = "The result of a donation or a grant: the ledger entry that moved the minutes, and where they went. A retry with the same key returns the first entry.";
        Field<ChallengeType>("challenge").Description("The challenge whose pool received the minutes; null for a donation to the fund, or when there are errors.")
            .Resolve(ctx => ctx.Source.Challenge);
        Field<CommunityType>("community").Description("The community the minutes stayed in; null when there are errors.")
            .Resolve(ctx => ctx.Source.CommunityId is { } id ? ctx.LoadCommunity(id) : null);
        Field<MemberType>("donor").Description("The member whose minutes were given (the caller, or whom a coordinator gave for); null for a grant, or when there are errors.")
            .Resolve(ctx => ctx.Source.DonorMemberId is { } id ? ctx.LoadMember(id) : null);
        Field<LongGraphType>("entrySequence").Description("The ledger entry that moved the minutes, in the community's journal; null when there are errors.")
            .Resolve(ctx => ctx.Source.EntrySequence);
        Field<IntGraphType>("minutes").Description("The minutes given; null when there are errors.").Resolve(ctx => ctx.Source.Minutes);
    }
}
