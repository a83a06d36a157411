using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>An account's balance at a past time.</summary>
public sealed record AccountBalanceAt(LedgerAccount Account, DateTimeOffset AsOf, long BalanceMinutes);

/// <summary>
/// <c>accountBalance(accountId, asOf)</c>: an account's posted balance as it stood at a time (the ledger's
/// <see cref="BalanceQueries.GetBalanceAtAsync"/>, two index seeks). Its owner, the community's auditors and
/// coordinators; null for anyone else, as for an account that does not exist.
/// </summary>
public static class AccountBalanceQuery
{
    public static void AddAccountBalanceQuery(this ObjectGraphType query) =>
        query.Field<AccountBalanceType>("accountBalance")
            .Description("An account's balance as it stood at a time. For its owner and the community's auditors and coordinators; null for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId", "The account (Account.id).", a => a.IdOf<long>("Account"))
            .Argument<NonNullGraphType<DateTimeGraphType>>("asOf", "The time: entries recorded at or before it count.")
            .ResolveAsync(async ctx =>
            {
                var accountId = ctx.GetId<long>("accountId", "Account");
                var asOf = new DateTimeOffset(ctx.GetArgument<DateTime>("asOf"), TimeSpan.Zero);
                var visible = await ctx.Service<IDbContextFactory<TimeBankDbContext>>()
                    .VisibleAccounts(ctx.Caller())([accountId], ctx.CancellationToken);
                if (visible.GetValueOrDefault(accountId) is not { } account)
                {
                    return null;
                }
                await using var db = await ctx.CreateDbContextAsync();
                return new AccountBalanceAt(account, asOf, await db.GetBalanceAtAsync(accountId, asOf, ctx.CancellationToken));
            });
}

public sealed class AccountBalanceType : ObjectGraphType<AccountBalanceAt>
{
    public AccountBalanceType()
    {
        Name = "AccountBalance";
        Description = "An account's posted balance (credits less debits) as it stood at a time.";
        Field<NonNullGraphType<AccountType>>("account").Description("The account, as it is now.").Resolve(ctx => ctx.Source.Account);
        Field<NonNullGraphType<DateTimeGraphType>>("asOf").Description("The time asked for (UTC).").Resolve(ctx => ctx.Source.AsOf.UtcDateTime);
        Field<NonNullGraphType<IntGraphType>>("balanceMinutes").Description("The balance then: the running balance after its last entry recorded by then, 0 before any.")
            .Resolve(ctx => checked((int)ctx.Source.BalanceMinutes));
        Field<NonNullGraphType<FloatGraphType>>("balanceHours").Description("The balance then, in hours, for display.").Resolve(ctx => ctx.Source.BalanceMinutes / 60.0);
    }
}
