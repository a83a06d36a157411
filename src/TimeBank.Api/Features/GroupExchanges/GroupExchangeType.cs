using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>The <c>GroupExchange</c> type, seen by its provider, its receivers and the community's coordinators and auditors.</summary>
public sealed class GroupExchangeType : ObjectGraphType<GroupExchange>
{
    public GroupExchangeType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "GroupExchange";
        Description = "One provider helping several receivers at once (a workshop): one exchange, a share, per receiver, completed together.";
        this.IsNode(g => g.Id, context => GroupExchangeAccess.VisibleTo(contexts, context.Caller()));
        Field(g => g.Description).Description("What the help is about; every share carries it.");
        Field<NonNullGraphType<GroupExchangeStatusType>>("status").Description("Where it stands, derived from its completion and its shares.")
            .Resolve(ctx => ctx.LoadShares(ctx.Source.Id).Then(shares => GroupExchangeStatuses.Of(ctx.Source, shares)));
        Field<NonNullGraphType<MemberType>>("provider").Description("The member who gives the time to every receiver.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.ProviderMemberId).Then(m => m!));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExchangeType>>>>("shares")
            .Description("The shares, one exchange per receiver, oldest first: every share for the provider, coordinators and auditors; " +
                "a receiver sees only their own, as each exchange is seen only by its parties.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.CommunityId).Then(roles => ctx.LoadShares(ctx.Source.Id).Then(shares =>
                roles.SeesEveryShare(ctx.Source) ? shares : shares.Where(s => s.ReceiverMemberId == roles.Membership?.Id))))
            .MaxItems(GroupExchangeRules.MaxReceivers);
        Field<NonNullGraphType<IntGraphType>>("receiverCount").Description("How many receivers it was proposed to.")
            .Resolve(ctx => ctx.LoadShares(ctx.Source.Id).Then(shares => shares.Count()));
        Field<ListingType>("listing").Description("The provider's offer it came from; null for a group proposed directly.")
            .Resolve(ctx => ctx.Source.ListingId is { } listingId ? ctx.LoadListing(listingId) : DataLoaderResults.FromValue<Listing?>(null));
        Field<NonNullGraphType<CommunityType>>("community").Description("The community it happens in.")
            .Resolve(ctx => ctx.LoadCommunity(ctx.Source.CommunityId).Then(c => c!));
        Field(g => g.CompletionNote, nullable: true).Description("The provider's note on completion; null before, or when none was given.");
        Field<DateTimeGraphType>("completedAt").Description("When the provider completed it (UTC); null before.").Resolve(ctx => ctx.Source.CompletedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was proposed (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When the group itself last changed (UTC); its shares keep their own times.")
            .Resolve(ctx => ctx.Source.UpdatedAt);
    }
}

public sealed class GroupExchangePayload : TimeBank.GraphQL.Mutations.Payload
{
    public GroupExchange? GroupExchange { get; init; }
}

public sealed class GroupExchangePayloadType : TimeBank.GraphQL.Mutations.PayloadType<GroupExchangePayload>
{
    public GroupExchangePayloadType()
    {
        Name = "GroupExchangePayload";
        Description = "The result of a mutation that proposes or completes a group exchange.";
        Field<GroupExchangeType>("groupExchange").Description("The group exchange as it is now; null when there are errors.").Resolve(ctx => ctx.Source.GroupExchange);
    }
}
