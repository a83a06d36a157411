using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>requestExchange</c>.</summary>
public sealed record RequestExchangeInput(long ListingId, int? Minutes = null, string? Description = null, long? OnBehalfOfMemberId = null);

public sealed class RequestExchangeInputValidator : AbstractValidator<RequestExchangeInput>
{
    public RequestExchangeInputValidator()
    {
        ExchangeStart.Minutes(RuleFor(i => i.Minutes));
        RuleFor(i => i.Description).MaximumLength(500);
    }
}

public sealed class RequestExchangeInputType : InputObjectGraphType<RequestExchangeInput>
{
    public RequestExchangeInputType()
    {
        Name = "RequestExchangeInput";
        Description = "Asks the member behind an offer for their help.";
        this.IdField("listingId", "Listing", "An open OFFER of the community.");
        Field(i => i.Minutes, nullable: true).Description($"The minutes asked for, 1 to {ExchangeStart.MaxMinutes}; the offer's estimate by default.");
        Field(i => i.Description, nullable: true).Description("What you need, up to 500 characters.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member", "A coordinator asks on behalf of this member; yourself by default. Never where the coordinator would be the other party (FORBIDDEN).");
    }
}

/// <summary>A member (the receiver) asks for help offered in an OFFER listing; its owner (the provider) accepts or declines.</summary>
public static class RequestExchange
{
    private static readonly RequestExchangeInputValidator Validator = new();

    private static readonly ListingAnswer Answer = new(
        ExchangeStateMachine.Request, ListingKind.Offer, "Log in to ask for help.",
        "That listing is a REQUEST; answer it with offerHelp.", "The offer has no estimate; say how many minutes you ask for.");

    public static void AddRequestExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<RequestExchangeInputType, ExchangePayloadType>("requestExchange",
                "Asks for the help an offer describes; you are the receiver.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static Task<Outcome<Exchange>> ExecuteAsync(RequestExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct) =>
        ExchangeStart.FromListingAsync(Answer, new(input.ListingId, input.Minutes, input.Description, input.OnBehalfOfMemberId), caller, new(db, null, clock, ct));
}
