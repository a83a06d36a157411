using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>offerHelp</c>.</summary>
public sealed record OfferHelpInput(long ListingId, int? Minutes = null, string? Description = null, long? OnBehalfOfMemberId = null);

public sealed class OfferHelpInputValidator : AbstractValidator<OfferHelpInput>
{
    public OfferHelpInputValidator()
    {
        ExchangeStart.Minutes(RuleFor(i => i.Minutes));
        RuleFor(i => i.Description).MaximumLength(500);
    }
}

public sealed class OfferHelpInputType : InputObjectGraphType<OfferHelpInput>
{
    public OfferHelpInputType()
    {
        Name = "OfferHelpInput";
        Description = "Offers your help to the member behind a request.";
        this.IdField("listingId", "Listing", "An open REQUEST of the community.");
        Field(i => i.Minutes, nullable: true).Description($"The minutes you offer, 1 to {ExchangeStart.MaxMinutes}; the request's estimate by default.");
        Field(i => i.Description, nullable: true).Description("What you offer to do, up to 500 characters.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member", "A coordinator offers on behalf of this member; yourself by default. Never where the coordinator would be the other party (FORBIDDEN).");
    }
}

/// <summary>A member (the provider) answers a REQUEST listing; its owner (the receiver) accepts or declines.</summary>
public static class OfferHelp
{
    private static readonly OfferHelpInputValidator Validator = new();

    private static readonly ListingAnswer Answer = new(
        ExchangeStateMachine.Offer, ListingKind.Request, "Log in to offer help.",
        "That listing is an OFFER; ask for it with requestExchange.", "The request has no estimate; say how many minutes you offer.");

    public static void AddOfferHelp(this ObjectGraphType mutation) =>
        mutation.Mutation<OfferHelpInputType, ExchangePayloadType>("offerHelp",
                "Offers the help a request asks for; you are the provider.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static Task<Outcome<Exchange>> ExecuteAsync(OfferHelpInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        ExchangeStart.FromListingAsync(Answer, new(input.ListingId, input.Minutes, input.Description, input.OnBehalfOfMemberId), caller, new(db, null, clock, ct));
}
