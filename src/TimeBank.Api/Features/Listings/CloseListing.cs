using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Listings;

/// <summary>Input of <c>closeListing</c>.</summary>
public sealed record CloseListingInput(long ListingId);

public sealed class CloseListingInputValidator : AbstractValidator<CloseListingInput>;

public sealed class CloseListingInputType : InputObjectGraphType<CloseListingInput>
{
    public CloseListingInputType()
    {
        Name = "CloseListingInput";
        Description = "The listing to close.";
        this.IdField("listingId", "Listing", "The listing.");
    }
}

/// <summary>Closes a listing for good (owner or coordinator).</summary>
public static class CloseListing
{
    private static readonly CloseListingInputValidator Validator = new();

    private static readonly HashSet<ListingStatus> From = [ListingStatus.Open, ListingStatus.Paused, ListingStatus.Expired];

    public static void AddCloseListing(this ObjectGraphType mutation) =>
        mutation.Mutation<CloseListingInputType, ListingPayloadType>("closeListing",
                "Closes a listing for good (owner or coordinator).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                listing => new ListingPayload { Listing = listing }));

    public static Task<Outcome<Listing>> ExecuteAsync(CloseListingInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        ListingChange.MoveAsync(input.ListingId, From, ListingStatus.Closed, "close", caller, db, clock, ct);
}
