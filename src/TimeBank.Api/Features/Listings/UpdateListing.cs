using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Matching;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Listings;

/// <summary>Input of <c>updateListing</c>: only the fields given change.</summary>
public sealed record UpdateListingInput(
    long ListingId, string? Title = null, string? Description = null, long? CategoryId = null, List<string>? Tags = null,
    int? EstimatedMinutes = null, string? Neighbourhood = null, DateTime? ExpiresAt = null);

public sealed class UpdateListingInputValidator : AbstractValidator<UpdateListingInput>
{
    public UpdateListingInputValidator()
    {
        When(i => i.Title is not null, () => ListingRules.Title(RuleFor(i => i.Title)));
        RuleFor(i => i.Description).MaximumLength(4000);
        ListingRules.TagCount(RuleFor(i => i.Tags));
        ListingRules.EachTag(RuleForEach(i => i.Tags!));
        RuleFor(i => i.EstimatedMinutes).InclusiveBetween(1, 1440);
        RuleFor(i => i.Neighbourhood).MaximumLength(80);
    }
}

public sealed class UpdateListingInputType : InputObjectGraphType<UpdateListingInput>
{
    public UpdateListingInputType()
    {
        Name = "UpdateListingInput";
        Description = "Changes to a listing; fields left out stay as they are.";
        this.IdField("listingId", "Listing", "The listing.");
        Field(i => i.Title, nullable: true).Description("A short title, up to 120 characters.");
        Field(i => i.Description, nullable: true).Description("The details, up to 4000 characters.");
        this.IdFieldOptional("categoryId", "Category", "A category of the community's taxonomy, not archived.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("The new tags, replacing the old (up to 10 of up to 40 characters).");
        Field(i => i.EstimatedMinutes, nullable: true).Description("About how long it takes, 1 to 1440 minutes.");
        Field(i => i.Neighbourhood, nullable: true).Description("Where, roughly; an empty string clears it.");
        Field<DateTimeGraphType>("expiresAt").Description("When it stops being listed (UTC, in the future).");
    }
}

/// <summary>The owner or a coordinator edits an open or paused listing.</summary>
public static class UpdateListing
{
    private static readonly UpdateListingInputValidator Validator = new();

    public static void AddUpdateListing(this ObjectGraphType mutation) =>
        mutation.Mutation<UpdateListingInputType, ListingPayloadType>("updateListing",
                "Edits an open or paused listing (owner or coordinator).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                listing => new ListingPayload { Listing = listing }));

    public static async Task<Outcome<Listing>> ExecuteAsync(UpdateListingInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var loaded = await ListingChange.LoadAsync(input.ListingId, caller, "edit", db, ct);
        if (loaded.Value is not { } listing)
        {
            return loaded;
        }
        if (listing.Status is not (ListingStatus.Open or ListingStatus.Paused))
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot edit a listing that is {listing.Status.ToString().ToUpperInvariant()}.");
        }
        if (input.CategoryId is { } categoryId
            && !await db.Categories.AnyAsync(c => c.Id == categoryId && c.CommunityId == listing.CommunityId && !c.IsArchived, ct))
        {
            return new Failure(ErrorCode.InvalidInput, "No such category in this community, or it is archived.", "categoryId");
        }
        if (input.ExpiresAt is { } expiresAt && ListingChange.ToUtc(expiresAt) <= clock.GetUtcNow().UtcDateTime)
        {
            return new Failure(ErrorCode.InvalidInput, "The expiry must be in the future.", "expiresAt");
        }

        listing.Title = input.Title?.Trim() ?? listing.Title;
        listing.Description = input.Description?.Trim() ?? listing.Description;
        listing.CategoryId = input.CategoryId ?? listing.CategoryId;
        listing.Tags = input.Tags is null ? listing.Tags : ListingText.JoinTags(input.Tags);
        listing.EstimatedMinutes = input.EstimatedMinutes ?? listing.EstimatedMinutes;
        listing.Neighbourhood = input.Neighbourhood is null ? listing.Neighbourhood
            : string.IsNullOrWhiteSpace(input.Neighbourhood) ? null : input.Neighbourhood.Trim();
        listing.ExpiresAt = input.ExpiresAt is { } newExpiry ? ListingChange.ToUtc(newExpiry) : listing.ExpiresAt;
        ListingChange.Touch(listing, caller, clock);
        await ListingMatcher.SaveAndMatchAsync(db, listing, clock, ct);
        return listing;
    }
}
