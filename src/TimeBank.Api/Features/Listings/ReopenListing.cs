using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Listings;

/// <summary>Input of <c>reopenListing</c>.</summary>
public sealed record ReopenListingInput(long ListingId);

public sealed class ReopenListingInputValidator : AbstractValidator<ReopenListingInput>;

public sealed class ReopenListingInputType : InputObjectGraphType<ReopenListingInput>
{
    public ReopenListingInputType()
    {
        Name = "ReopenListingInput";
        Description = "The listing to reopen.";
        this.IdField("listingId", "Listing", "The listing.");
    }
}

/// <summary>Reopens a paused listing (owner or coordinator).</summary>
public static class ReopenListing
{
    private static readonly ReopenListingInputValidator Validator = new();

    private static readonly HashSet<ListingStatus> From = [ListingStatus.Paused];

    public static void AddReopenListing(this ObjectGraphType mutation) =>
        mutation.Mutation<ReopenListingInputType, ListingPayloadType>("reopenListing",
                "Reopens a paused listing (owner or coordinator).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                listing => new ListingPayload { Listing = listing }));

    public static Task<Outcome<Listing>> ExecuteAsync(ReopenListingInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        ListingChange.MoveAsync(input.ListingId, From, ListingStatus.Open, "reopen", caller, db, clock, ct);
}
