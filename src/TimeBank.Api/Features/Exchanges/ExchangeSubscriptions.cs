using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// <c>exchangeUpdated</c> and <c>acknowledgementReceived</c>: committed outbox events addressed to the caller.
/// Each event is turned into fresh objects, read after the commit that made it.
/// </summary>
public static class ExchangeSubscriptions
{
    public static ObjectGraphType AddExchangeSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ExchangeType>>("exchangeUpdated")
            .Description("Every change of your exchanges (you are a party), as the exchange now is; or of one exchange.")
            .Argument<IdGraphType>("exchangeId", "Only this exchange.", a => a.IdOf<long>("Exchange"))
            .ResolveStream(ctx =>
            {
                long? only = ctx.HasArgument("exchangeId") && ctx.GetArgument<object?>("exchangeId") is not null ? ctx.GetId<long>("exchangeId", "Exchange") : null;
                return ctx.CallerEvents(ExchangeEvents.Updated, only is { } id ? e => e.ExchangeId == id : null);
            })
            .ResolveAsync(async ctx => await LoadExchangeAsync(ctx, ctx.Event<ExchangeUpdatedEvent>().ExchangeId));

        subscription.Field<NonNullGraphType<AcknowledgementType>>("acknowledgementReceived")
            .Description("To the provider: a receiver acknowledged an exchange (or a dispute was settled) and the minutes are posted.")
            .ResolveStream(ctx => ctx.CallerEvents(ExchangeEvents.AcknowledgementReceived))
            .Resolve(ctx => ctx.Event<AcknowledgementEvent>());
        return subscription;
    }

    private static async Task<Exchange> LoadExchangeAsync(IResolveFieldContext ctx, long exchangeId)
    {
        await using var db = await ctx.CreateDbContextAsync();
        return await db.Exchanges.AsNoTracking().SingleAsync(e => e.Id == exchangeId, ctx.CancellationToken);
    }
}

public sealed class AcknowledgementType : ObjectGraphType<AcknowledgementEvent>
{
    public AcknowledgementType()
    {
        Name = "Acknowledgement";
        Description = "Minutes posted to the provider for an exchange: the ledger entry, and the exchange as it now is.";
        Field<NonNullGraphType<ExchangeType>>("exchange").Description("The settled exchange.")
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Exchanges.AsNoTracking().SingleAsync(e => e.Id == ctx.Source.ExchangeId, ctx.CancellationToken);
            });
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("The minutes credited.").Resolve(ctx => ctx.Source.Minutes);
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The minutes credited, in hours for display.").Resolve(ctx => ctx.Source.Minutes / 60.0);
        Field<NonNullGraphType<LongGraphType>>("entrySequence").Description("The ledger entry that moved them.")
            .Resolve(ctx => ctx.Source.EntrySequence);
        Field<NonNullGraphType<DateTimeGraphType>>("at").Description("When they were posted (UTC).").Resolve(ctx => ctx.Source.At);
    }
}
