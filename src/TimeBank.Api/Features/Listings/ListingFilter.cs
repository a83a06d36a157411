using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Listings;

/// <summary>The filter of <c>listings</c>: every given criterion must hold. The text is searched separately (see ListingSearch).</summary>
public sealed record ListingFilter(
    ListingKind? Kind = null, long? CategoryId = null, List<string>? Tags = null, string? Text = null, string? Neighbourhood = null,
    ListingStatus? Status = null)
{
    public static IQueryable<Listing> Apply(IQueryable<Listing> listings, ListingFilter filter)
    {
        var status = filter.Status ?? ListingStatus.Open;
        listings = listings.Where(l => l.Status == status);
        if (filter.Kind is { } kind)
        {
            listings = listings.Where(l => l.Kind == kind);
        }
        if (filter.CategoryId is { } categoryId)
        {
            listings = listings.Where(l => l.CategoryId == categoryId);
        }
        // Only valid tags are looked for, so none carries a LIKE wildcard or the bar that separates them.
        var tags = (filter.Tags ?? []).Where(ListingText.IsValidTag).Select(t => "%|" + ListingText.NormalizeTag(t) + "|%").Distinct().ToList();
        if (tags.Count > 0)
        {
            listings = listings.Where(l => tags.Any(pattern => EF.Functions.Like(l.Tags, pattern)));
        }
        if (!string.IsNullOrWhiteSpace(filter.Neighbourhood))
        {
            listings = listings.Where(l => EF.Functions.Like(l.Neighbourhood!, TextRules.LikeContaining(filter.Neighbourhood.Trim()), TextRules.LikeEscape));
        }
        return listings;
    }
}

public sealed class ListingFilterType : InputObjectGraphType<ListingFilter>
{
    public ListingFilterType()
    {
        Name = "ListingFilter";
        Description = "Narrows a list of listings; every given criterion must hold.";
        Field<ListingKindType>("kind").Description("Offers or requests only.");
        this.IdFieldOptional("categoryId", "Category", "In this category.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description($"Has any of these tags (at most {ListingRules.MaxTags}, each up to 40 characters).")
            .MaxLength(40, ListingRules.MaxTags);
        Field(f => f.Text, nullable: true).Description("Words in the title, description or tags; each word also matches as a prefix (\"garden\" finds \"gardening\"). Up to 200 characters.")
            .MaxLength(200);
        Field(f => f.Neighbourhood, nullable: true).Description("Part of the neighbourhood, any case; up to 80 characters.").MaxLength(80);
        Field<ListingStatusType>("status").Description("Listings in this status; OPEN by default.");
    }
}
