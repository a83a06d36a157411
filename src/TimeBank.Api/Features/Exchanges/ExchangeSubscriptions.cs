using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// <c>exchangeUpdated</c>, <c>acknowledgementReceived</c> and <c>balanceChanged</c>: committed outbox events
/// addressed to the caller. Each event is turned into fresh objects, read after the commit that made it.
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
                return ctx.CallerEvents(ExchangeEvents.ExchangeUpdatedTopic,
                    only is { } id ? e => e.PayloadAs<ExchangeUpdatedEvent>().ExchangeId == id : null);
            })
            .ResolveAsync(async ctx => await LoadExchangeAsync(ctx, ((DomainEvent)ctx.Source!).PayloadAs<ExchangeUpdatedEvent>().ExchangeId));

        subscription.Field<NonNullGraphType<AcknowledgementType>>("acknowledgementReceived")
            .Description("To the provider: a receiver acknowledged an exchange (or a dispute was settled) and the minutes are posted.")
            .ResolveStream(ctx => ctx.CallerEvents(ExchangeEvents.AcknowledgementReceivedTopic))
            .Resolve(ctx => ((DomainEvent)ctx.Source!).PayloadAs<AcknowledgementEvent>());

        subscription.Field<NonNullGraphType<BalanceChangeType>>("balanceChanged")
            .Description("To an account's owner: its balance or available minutes changed.")
            .ResolveStream(ctx => ctx.CallerEvents(ExchangeEvents.BalanceChangedTopic))
            .Resolve(ctx => ((DomainEvent)ctx.Source!).PayloadAs<BalanceChangedEvent>());
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

public sealed class BalanceChangeType : ObjectGraphType<BalanceChangedEvent>
{
    public BalanceChangeType()
    {
        Name = "BalanceChange";
        Description = "An account's balance and available minutes right after a change, and the account as it now is.";
        Field<NonNullGraphType<IdGraphType>>("memberId").Description("The member whose account it is.")
            .Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field<NonNullGraphType<AccountType>>("account").Description("The account, read now.")
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == ctx.Source.AccountId, ctx.CancellationToken);
            });
        Field<NonNullGraphType<IntGraphType>>("balanceMinutes").Description("Credits minus debits right after the change.")
            .Resolve(ctx => checked((int)ctx.Source.BalanceMinutes));
        Field<NonNullGraphType<FloatGraphType>>("balanceHours").Description("The balance in hours, for display.").Resolve(ctx => ctx.Source.BalanceMinutes / 60.0);
        Field<NonNullGraphType<IntGraphType>>("availableMinutes").Description("The balance less held minutes, right after the change.")
            .Resolve(ctx => checked((int)ctx.Source.AvailableMinutes));
    }
}
