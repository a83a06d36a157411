using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>
/// The pool's fields on <c>Challenge</c>: its account, balance, donors and entries. Whoever sees the challenge (its
/// community's active members, coordinators and auditors, <see cref="ChallengeAccess.MaySee"/>) sees its pool through
/// it, although <c>node(id:)</c> of the pool's account stays, as for every account, with coordinators and auditors:
/// the challenge is the way in, and it is only ever fetched for those who may see it.
/// </summary>
public static class ChallengePoolFields
{
    private static readonly KeysetOrder<StatementLine> NewestFirst = new KeysetOrder<StatementLine>().By(l => l.EntrySequence, descending: true);

    public static void AddPoolFields(this ObjectGraphType<Challenge> challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        challenge.Field<AccountType>("pool")
            .Description("The challenge's pooled account on the ledger, opened when a coordinator approved it; null before (and for a declined proposal).")
            .Resolve(ctx => ctx.Source.PoolAccountId is { } id ? ctx.LoadAccount(id) : DataLoaderResults.FromValue<LedgerAccount?>(null));
        challenge.Field<NonNullGraphType<IntGraphType>>("poolBalanceMinutes")
            .Description("The minutes in the pool now: donated and granted, less contributions paid; 0 before it opens and after it closes.")
            .Resolve(ctx => ctx.Source.PoolAccountId is { } id
                ? ctx.LoadAccount(id).Then(a => a is null ? 0 : checked((int)a.BalanceMinutes))
                : DataLoaderResults.FromValue(0));
        challenge.Field<NonNullGraphType<FloatGraphType>>("poolBalanceHours").Description("The pool's balance in hours, for display.")
            .Resolve(ctx => ctx.Source.PoolAccountId is { } id
                ? ctx.LoadAccount(id).Then(a => a is null ? 0.0 : a.BalanceMinutes / 60.0)
                : DataLoaderResults.FromValue(0.0));
        challenge.Field<NonNullGraphType<ConnectionType<StatementLineType>>>("poolEntries")
            .Description("Every movement of the pool (donations, grants, contributions paid, the return to the fund on closing), newest first, each with the pool's balance after it.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                if (ctx.Source.PoolAccountId is not { } poolId)
                {
                    return await Array.Empty<StatementLine>().ToConnectionAsync(NewestFirst, ctx.GetPageRequest());
                }
                await using var db = await ctx.CreateDbContextAsync();
                return await db.StatementLines(poolId).ToConnectionAsync(NewestFirst, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
        challenge.AddDonorsField();
    }
}
