using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Listings;

public sealed class ListingPayload : Payload
{
    public Listing? Listing { get; init; }
}

public sealed class ListingPayloadType : PayloadType<ListingPayload>
{
    public ListingPayloadType()
    {
        Name = "ListingPayload";
        Description = "The result of a mutation that creates or changes a listing.";
        Field<ListingType>("listing").Description("The listing as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Listing);
    }
}
