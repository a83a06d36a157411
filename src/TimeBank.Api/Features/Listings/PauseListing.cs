using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Listings;

/// <summary>Input of <c>pauseListing</c>.</summary>
public sealed record PauseListingInput(long ListingId);

public sealed class PauseListingInputValidator : AbstractValidator<PauseListingInput>;

public sealed class PauseListingInputType : InputObjectGraphType<PauseListingInput>
{
    public PauseListingInputType()
    {
        Name = "PauseListingInput";
        Description = "The listing to pause.";
        this.IdField("listingId", "Listing", "The listing.");
    }
}

/// <summary>Puts an open listing aside (owner or coordinator).</summary>
public static class PauseListing
{
    private static readonly PauseListingInputValidator Validator = new();

    private static readonly HashSet<ListingStatus> From = [ListingStatus.Open];

    public static void AddPauseListing(this ObjectGraphType mutation) =>
        mutation.Mutation<PauseListingInputType, ListingPayloadType>("pauseListing",
                "Puts an open listing aside (owner or coordinator).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                listing => new ListingPayload { Listing = listing }));

    public static Task<Outcome<Listing>> ExecuteAsync(PauseListingInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        ListingChange.MoveAsync(input.ListingId, From, ListingStatus.Paused, "pause", caller, db, clock, ct);
}
