using GraphQL.Types;

namespace TimeBank.Api.Features.Listings;

public static class ListingMutations
{
    public static void AddListingMutations(this ObjectGraphType mutation)
    {
        mutation.AddCreateListing();
        mutation.AddUpdateListing();
        mutation.AddPauseListing();
        mutation.AddReopenListing();
        mutation.AddCloseListing();
    }
}
