using GraphQL.Types;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Listings;

public sealed class ListingKindType : EnumerationGraphType<ListingKind>
{
    public ListingKindType()
    {
        Name = "ListingKind";
        Description = "Whether a listing offers help or asks for it.";
        Values.Single(v => Equals(v.Value, ListingKind.Offer)).Description = "I can do this.";
        Values.Single(v => Equals(v.Value, ListingKind.Request)).Description = "I need this.";
    }
}

public sealed class ListingStatusType : EnumerationGraphType<ListingStatus>
{
    public ListingStatusType()
    {
        Name = "ListingStatus";
        Description = "Where a listing stands.";
        Values.Single(v => Equals(v.Value, ListingStatus.Open)).Description = "Listed, shown in searches and matched.";
        Values.Single(v => Equals(v.Value, ListingStatus.Paused)).Description = "Put aside by its owner for now; may be reopened.";
        Values.Single(v => Equals(v.Value, ListingStatus.Closed)).Description = "Done or withdrawn; final.";
        Values.Single(v => Equals(v.Value, ListingStatus.Expired)).Description = "Its expiry date passed.";
    }
}

/// <summary>The orders of <c>listings</c>.</summary>
public enum ListingSort
{
    Newest,
    ExpiringSoonest,
    Relevance,
}

public sealed class ListingSortType : EnumerationGraphType<ListingSort>
{
    public ListingSortType()
    {
        Name = "ListingSort";
        Description = "The order of a list of listings.";
        Values.Single(v => Equals(v.Value, ListingSort.Newest)).Description = "Newest first.";
        Values.Single(v => Equals(v.Value, ListingSort.ExpiringSoonest)).Description = "The ones expiring soonest first.";
        Values.Single(v => Equals(v.Value, ListingSort.Relevance)).Description = "Best match of the filter's text first; needs filter.text.";
    }
}
