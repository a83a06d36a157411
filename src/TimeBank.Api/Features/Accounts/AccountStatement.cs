using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Accounts;

/// <summary>
/// <c>Account.statement</c>: the ledger's own statement (<see cref="StatementQuery.StatementLines(Microsoft.EntityFrameworkCore.DbContext, long, DateTimeOffset?, DateTimeOffset?)"/>) newest first,
/// keyset-paged on the entry sequence. The running balance is stored on every posting, so a page is one seek on the
/// (account, sequence) index however long the history, and the balance column needs no sum.
/// </summary>
public static class AccountStatement
{
    private static readonly KeysetOrder<StatementLine> NewestFirst = new KeysetOrder<StatementLine>().By(l => l.EntrySequence, descending: true);

    public static void AddStatementField(this ObjectGraphType<LedgerAccount> account) =>
        account.Field<NonNullGraphType<ConnectionType<StatementLineType>>>("statement")
            .Description("The account's ledger lines, newest first, each with the running balance after it; from and to narrow it to a time window.")
            .Argument<DateTimeGraphType>("from", "Lines recorded at or after this time.")
            .Argument<DateTimeGraphType>("to", "Lines recorded at or before this time: the last line's balance is the balance at this time.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                DateTimeOffset? from = ctx.GetArgument<DateTime?>("from") is { } start ? new DateTimeOffset(start, TimeSpan.Zero) : null;
                DateTimeOffset? to = ctx.GetArgument<DateTime?>("to") is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null;
                var page = ctx.GetPageRequest();
                if (from is null && to is null && page.IsPlainFirstPage(out var size))
                {
                    // The page every statement screen opens with: a statement prepared once per connection, as the balance is.
                    var lines = ctx.Service<PreparedReads>().ReadRows(StatementQuery.NewestLinesSql, StatementQuery.ReadLine, ctx.Source.Id, size + 1);
                    return Paging.FirstPage(NewestFirst, lines, size);
                }
                await using var db = await ctx.CreateDbContextAsync();
                return await db.StatementLines(ctx.Source.Id, from, to)
                    .ToConnectionAsync(NewestFirst, page, ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
}

/// <summary>The <c>StatementLine</c> type.</summary>
public sealed class StatementLineType : ObjectGraphType<StatementLine>
{
    public StatementLineType()
    {
        Name = "StatementLine";
        Description = "One movement on an account: what the ledger entry was, how many minutes moved which way, and the balance after it.";
        Field<NonNullGraphType<LongGraphType>>("entrySequence")
            .Description("The ledger entry's number in the community's gapless journal; auditors find it in the exports by this number.")
            .Resolve(ctx => ctx.Source.EntrySequence);
        Field<NonNullGraphType<StringGraphType>>("kind")
            .Description("EXCHANGE, DONATION, GRANT, CONTRIBUTION, OPENING_BALANCE, ADJUSTMENT or REVERSAL.")
            .Resolve(ctx => UserErrorCodes.ToScreamingSnake(ctx.Source.Kind.ToString()));
        Field<StringGraphType>("memo").Description("What the entry says about itself, if anything.").Resolve(ctx => ctx.Source.Memo);
        Field<NonNullGraphType<DateTimeGraphType>>("effectiveAt").Description("When the movement counts from (UTC).")
            .Resolve(ctx => ctx.Source.EffectiveAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("recordedAt").Description("When the ledger recorded it (UTC).")
            .Resolve(ctx => ctx.Source.RecordedAt.UtcDateTime);
        Field<NonNullGraphType<IntGraphType>>("minutes")
            .Description("Minutes in (positive, a credit) or out (negative, a debit) of this account.")
            .Resolve(ctx => checked((int)(ctx.Source.Side == PostingSide.Credit ? ctx.Source.AmountMinutes : -ctx.Source.AmountMinutes)));
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The same movement in hours, for display.")
            .Resolve(ctx => (ctx.Source.Side == PostingSide.Credit ? ctx.Source.AmountMinutes : -ctx.Source.AmountMinutes) / 60.0);
        Field<NonNullGraphType<IntGraphType>>("balanceAfterMinutes").Description("The account's balance right after this line.")
            .Resolve(ctx => checked((int)ctx.Source.BalanceAfterMinutes));
        Field<NonNullGraphType<FloatGraphType>>("balanceAfterHours").Description("The balance after this line in hours, for display.")
            .Resolve(ctx => ctx.Source.BalanceAfterMinutes / 60.0);
        Field<LongGraphType>("reversesEntrySequence").Description("For a REVERSAL, the entry it undoes; null otherwise.")
            .Resolve(ctx => ctx.Source.ReversesSequence);
        Field<ExchangeType>("exchange").Description("The exchange this line settled, for EXCHANGE lines; null otherwise.")
            .Resolve(ctx => ctx.Source.Kind == EntryKind.Exchange
                ? ctx.DataLoaders().GetOrAddBatchLoader<long, Exchange>("exchanges-by-settlement-entry", async (sequences, ct) =>
                {
                    // By the settlement entry rather than the entry's cause: recorded exchanges get their id only after the ledger accepts.
                    await using var db = await ctx.CreateDbContextAsync();
                    return await db.Exchanges.AsNoTracking().Where(e => e.SettlementEntrySequence != null && sequences.Contains(e.SettlementEntrySequence.Value))
                        .ToDictionaryAsync(e => e.SettlementEntrySequence!.Value, ct);
                }).LoadAsync(ctx.Source.EntrySequence)
                : DataLoaderResults.FromValue<Exchange?>(null));
    }
}
