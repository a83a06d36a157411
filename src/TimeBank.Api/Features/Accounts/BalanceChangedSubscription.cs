using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Accounts;

/// <summary><c>balanceChanged</c>: the caller's accounts' figures after each change, from committed outbox events.</summary>
public static class BalanceChangedSubscription
{
    public static ObjectGraphType AddAccountSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<BalanceChangeType>>("balanceChanged")
            .Description("To an account's owner: its balance or available minutes changed (an exchange's hold, release or settlement, or the joining grant).")
            .ResolveStream(ctx => ctx.CallerEvents(BalanceChanged.Topic))
            .Resolve(ctx => ctx.Event<BalanceChangedEvent>());
        return subscription;
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
