using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Listings;

/// <summary>The <c>Listing</c> type, seen by the community's active members, coordinators and auditors.</summary>
public sealed class ListingType : ObjectGraphType<Listing>
{
    public ListingType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Listing";
        Description = "An offer (I can do this) or a request (I need this) of a member.";
        this.IsNode(l => l.Id, context => contexts.VisibleTo(context.Caller(),
            (db, ids) => db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id)), l => l.Id, l => l.CommunityId, (roles, _) => roles.MaySeeListings()));
        Field<NonNullGraphType<ListingKindType>>("kind").Description("OFFER or REQUEST.").Resolve(ctx => ctx.Source.Kind);
        Field(l => l.Title).Description("A short title.");
        Field(l => l.Description).Description("The details; may be empty.");
        Field<NonNullGraphType<CategoryType>>("category").Description("The category it is listed under.")
            .Resolve(ctx => ctx.LoadCategory(ctx.Source.CategoryId).Then(c => c!));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Free lower-case tags.")
            .Resolve(ctx => ListingText.SplitTags(ctx.Source.Tags));
        Field(l => l.EstimatedMinutes, nullable: true).Description("About how long it takes, in minutes.");
        Field(l => l.Neighbourhood, nullable: true).Description("Where, roughly.");
        Field<NonNullGraphType<DateTimeGraphType>>("expiresAt").Description("When it stops being listed (UTC).").Resolve(ctx => ctx.Source.ExpiresAt);
        Field<NonNullGraphType<ListingStatusType>>("status").Description("Where the listing stands.").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was listed (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When it last changed (UTC).").Resolve(ctx => ctx.Source.UpdatedAt);
        Field<NonNullGraphType<MemberType>>("owner").Description("The member who offers or asks.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.OwnerMemberId).Then(m => m!));
        Field<NonNullGraphType<CommunityType>>("community").Description("The community it is listed in.")
            .Resolve(ctx => ctx.LoadCommunity(ctx.Source.CommunityId).Then(c => c!));
    }
}
