using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Matching;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Listings;

/// <summary>Input of <c>createListing</c>.</summary>
public sealed record CreateListingInput(
    long CommunityId, ListingKind Kind, string Title, long CategoryId, string? Description = null, List<string>? Tags = null,
    int? EstimatedMinutes = null, string? Neighbourhood = null, DateTime? ExpiresAt = null, long? OwnerMemberId = null);

public sealed class CreateListingInputValidator : AbstractValidator<CreateListingInput>
{
    public CreateListingInputValidator()
    {
        ListingRules.Title(RuleFor(i => i.Title));
        RuleFor(i => i.Description).MaximumLength(4000);
        ListingRules.TagCount(RuleFor(i => i.Tags));
        ListingRules.EachTag(RuleForEach(i => i.Tags!));
        RuleFor(i => i.EstimatedMinutes).InclusiveBetween(1, 1440);
        RuleFor(i => i.Neighbourhood).MaximumLength(80);
    }
}

public sealed class CreateListingInputType : InputObjectGraphType<CreateListingInput>
{
    public CreateListingInputType()
    {
        Name = "CreateListingInput";
        Description = "A new offer or request.";
        this.IdField("communityId", "Community", "The community to list it in.");
        Field<NonNullGraphType<ListingKindType>>("kind").Description("OFFER or REQUEST.");
        Field(i => i.Title).Description("A short title, up to 120 characters.");
        Field(i => i.Description, nullable: true).Description("The details, up to 4000 characters.");
        this.IdField("categoryId", "Category", "A category of the community's taxonomy, not archived.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Up to 10 free tags of up to 40 characters; stored lower-case.");
        Field(i => i.EstimatedMinutes, nullable: true).Description("About how long it takes, 1 to 1440 minutes.");
        Field(i => i.Neighbourhood, nullable: true).Description("Where, roughly.");
        Field<DateTimeGraphType>("expiresAt").Description("When it stops being listed (UTC, in the future); 60 days from now by default.");
        this.IdFieldOptional("ownerMemberId", "Member", "A coordinator lists on behalf of this member; yourself by default.");
    }
}

/// <summary>
/// An active member lists an offer or a request; a coordinator may list on behalf of an active member
/// (the listing records the coordinator as the one who made the change).
/// </summary>
public static class CreateListing
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(60);

    private static readonly CreateListingInputValidator Validator = new();

    public static void AddCreateListing(this ObjectGraphType mutation) =>
        mutation.Mutation<CreateListingInputType, ListingPayloadType>("createListing",
                "Lists an offer or a request (active members; coordinators on a member's behalf).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                listing => new ListingPayload { Listing = listing }));

    public static async Task<Outcome<Listing>> ExecuteAsync(CreateListingInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to list an offer or a request.") is { } anonymous)
        {
            return anonymous;
        }
        if (!await db.Communities.AnyAsync(c => c.Id == input.CommunityId, ct))
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        var roles = await CommunityRoles.LoadAsync(db, input.CommunityId, caller, ct);
        var owner = input.OwnerMemberId is { } ownerId
            ? await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == ownerId && m.CommunityId == input.CommunityId, ct)
            : roles.Membership;
        if (owner is null)
        {
            return input.OwnerMemberId is null
                ? new Failure(ErrorCode.Forbidden, "Only members of this community may list there.")
                : roles.IsCoordinator
                    ? new Failure(ErrorCode.NotFound, "No such member in this community.", "ownerMemberId")
                    : roles.Forbid("Only coordinators list on someone else's behalf.");
        }
        var onBehalf = owner.UserId != caller.UserId;
        if (onBehalf ? !roles.IsCoordinator : !roles.MayWrite)
        {
            return roles.Forbid(onBehalf ? "Only coordinators list on someone else's behalf." : "Only active members may list offers and requests.");
        }
        if (owner.Status != MemberStatus.Active)
        {
            return onBehalf
                ? new Failure(ErrorCode.WrongStatus, $"The member is {owner.Status.ToString().ToUpperInvariant()}, not ACTIVE.", "ownerMemberId")
                : new Failure(ErrorCode.Forbidden, "Only active members may list offers and requests.");
        }
        var category = await db.Categories.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == input.CategoryId && c.CommunityId == input.CommunityId && !c.IsArchived, ct);
        if (category is null)
        {
            return new Failure(ErrorCode.InvalidInput, "No such category in this community, or it is archived.", "categoryId");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = input.ExpiresAt is { } requested ? ListingChange.ToUtc(requested) : now + DefaultLifetime;
        if (expiresAt <= now)
        {
            return new Failure(ErrorCode.InvalidInput, "The expiry must be in the future.", "expiresAt");
        }

        var listing = db.Listings.Add(new Listing
        {
            CommunityId = input.CommunityId,
            OwnerMemberId = owner.Id,
            Kind = input.Kind,
            Title = input.Title.Trim(),
            Description = input.Description?.Trim() ?? "",
            CategoryId = category.Id,
            Tags = ListingText.JoinTags(input.Tags),
            EstimatedMinutes = input.EstimatedMinutes,
            Neighbourhood = string.IsNullOrWhiteSpace(input.Neighbourhood) ? null : input.Neighbourhood.Trim(),
            ExpiresAt = expiresAt,
            Status = ListingStatus.Open,
            CreatedAt = now,
        }).Entity;
        ListingChange.Touch(listing, caller, clock);
        await ListingMatcher.SaveAndMatchAsync(db, listing, clock, ct);
        return listing;
    }
}
