using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Listings;

namespace TimeBank.Api.Features.Demo;

/// <summary>
/// The demo community's offers and requests, listed through <see cref="CreateListing"/>, so the real
/// matching pairs them: most requests find an offer, a few needs stay unmet and a few offers unasked,
/// which is what the coordinators' needs view is for.
/// </summary>
internal static class DemoListings
{
    public static IReadOnlyList<DemoListing> All { get; } =
    [
        new("tom", ListingKind.Offer, "diy", "Bike repair and servicing", "Punctures, brakes, gears; bring the bike to my shed.", ["bike", "repair"], 60),
        new("maria", ListingKind.Offer, "learning", "Maths and English tutoring", "GCSE maths and English after school, at the library.", ["tutoring", "maths"], 60),
        new("li", ListingKind.Offer, "tech", "Phone and laptop setup", "New phone, email, wifi, video calls with family.", ["phone", "laptop", "wifi"], 90),
        new("sam", ListingKind.Offer, "gardening", "Allotment and garden help", "Weeding, digging, planting vegetables.", ["garden", "weeding"], 120),
        new("fatima", ListingKind.Offer, "creative", "Clothes mending and alterations", "Hems, zips, patches; I can also teach sewing.", ["sewing", "mending"], 60),
        new("george", ListingKind.Offer, "cooking", "Batch cooking for busy families", "A week of frozen meals, vegetarian on request.", ["meals", "cooking"], 180),
        new("hana", ListingKind.Offer, "learning", "Piano lessons for beginners", "Children or adults, on my piano in Harbour.", ["piano", "music"], 45),
        new("olu", ListingKind.Offer, "transport", "Van lifts and moving help", "Moves, tip runs, collecting furniture with my van.", ["van", "moving"], 120),
        new("eva", ListingKind.Offer, "pets", "Morning dog walks", "Before nine, dogs of any size.", ["dog walking"], 45),
        new("raj", ListingKind.Offer, "admin", "Tax returns and budgets", "Self-assessment, benefit forms, household budgets.", ["tax", "budget"], 90),
        new("pablo", ListingKind.Offer, "diy", "Painting and decorating", "Walls, ceilings, fences and doors.", ["painting", "decorating"], 240),
        new("greta", ListingKind.Offer, "care", "Visits and a cup of tea", "Weekly companionship for someone living alone.", ["companionship", "visiting"], 60),
        new("aisha", ListingKind.Request, "diy", "Bike brakes need fixing", "My bike's brakes squeal and the chain slips.", ["bike", "repair"], 60),
        new("noor", ListingKind.Request, "learning", "Maths tutoring for my son", "Year 10 maths, once a week.", ["maths", "tutoring"], 60),
        new("greta", ListingKind.Request, "tech", "Video calls on my new phone", "To talk to my grandchildren abroad.", ["phone"], 60),
        new("maria", ListingKind.Request, "gardening", "Garden weeding before winter", "Small garden, lots of weeds.", ["garden", "weeding"], 120),
        new("eva", ListingKind.Request, "moving", "Moving a sofa", "Second floor flat; a van and two more hands needed.", ["moving", "van"], 60),
        new("li", ListingKind.Request, "creative", "Jeans need a new zip", "Mending a broken zip on my jeans.", ["mending"], 30),
        new("sam", ListingKind.Request, "diy", "Shed roof repair", "The felt roof of my shed leaks.", ["repair", "shed"], 120),
        new("raj", ListingKind.Request, "pets", "Cat feeding while away", "Two weeks in December, twice a day.", ["cat", "pet sitting"], 30),
        new("noor", ListingKind.Request, "cleaning", "Deep clean after moving in", "A small flat, kitchen and bathroom.", ["cleaning"], 180),
    ];

    public static async Task SeedAsync(
        long communityId, IReadOnlyDictionary<string, Caller> callers, IDbContextFactory<TimeBankDbContext> contexts, TimeProvider clock, CancellationToken ct)
    {
        Dictionary<string, long> categories;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            categories = await db.Categories.Where(c => c.CommunityId == communityId).ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        }
        foreach (var listing in All)
        {
            var owner = DemoPeople.All.Single(p => p.Email.StartsWith(listing.Person + "@", StringComparison.Ordinal));
            await using var db = await contexts.CreateDbContextAsync(ct);
            var created = await CreateListing.ExecuteAsync(
                new CreateListingInput(communityId, listing.Kind, listing.Title, categories[listing.CategorySlug], listing.Description, [.. listing.Tags],
                    listing.EstimatedMinutes, owner.Neighbourhood),
                callers[owner.Email], db, clock, ct);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"demo listing '{listing.Title}': {created.Code} {created.Message}");
            }
        }
    }
}

/// <summary>One demo listing; the owner is the demo person whose email starts with <see cref="Person"/>.</summary>
internal sealed record DemoListing(
    string Person, ListingKind Kind, string CategorySlug, string Title, string Description, IReadOnlyList<string> Tags, int EstimatedMinutes);
