using System.Globalization;
using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Accounts;

/// <summary>
/// <c>Account.statement</c>: the account's postings newest first, each with the balance right after it, read
/// from the ledger's running balances (one index seek a page, however deep).
/// </summary>
public static class AccountStatement
{
    private const string CursorPrefix = "statement:";

    public static void AddStatementField(this ObjectGraphType<LedgerAccount> account) =>
        account.Field<NonNullGraphType<ConnectionType<StatementLineType>>>("statement")
            .Description("The account's postings, newest first, with the running balance after each.")
            .Argument<IntGraphType>("first", $"How many lines, 1 to {PageRequest.MaxPageSize}; {PageRequest.DefaultPageSize} by default.")
            .Argument<StringGraphType>("after", "Lines older than this cursor.")
            .ResolveAsync(async ctx =>
            {
                var first = ctx.GetArgument<int?>("first") ?? PageRequest.DefaultPageSize;
                if (first is < 1 or > PageRequest.MaxPageSize)
                {
                    throw new ExecutionError($"first must be between 1 and {PageRequest.MaxPageSize}.") { Code = MutationRunner.Code(ErrorCode.InvalidInput) };
                }
                var after = ctx.GetArgument<string?>("after") is { } cursor ? Decode(cursor) : (long?)null;
                await using var db = await ctx.CreateDbContextAsync();
                var page = await db.GetStatementAsync(ctx.Source.Id, first, after, ctx.CancellationToken);
                int? total = ctx.SubFields?.ContainsKey("totalCount") == true
                    ? await db.Set<LedgerPosting>().CountAsync(p => p.AccountId == ctx.Source.Id, ctx.CancellationToken)
                    : null;
                var edges = page.Lines.Select(l => new Edge<StatementLine>(Encode(l.EntrySequence), l)).ToList();
                return (object)new Connection<StatementLine>(edges,
                    new PageInfo(page.NextBeforeSequence is not null, after is not null, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor), total);
            });

    private static string Encode(long sequence) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + sequence.ToString(CultureInfo.InvariantCulture)));

    private static long Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(CursorPrefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
        }
        throw new ExecutionError("Not a cursor of this statement.") { Code = "INVALID_CURSOR" };
    }
}

public sealed class StatementLineType : ObjectGraphType<StatementLine>
{
    public StatementLineType()
    {
        Name = "StatementLine";
        Description = "One posting on an account: what moved, why, and the balance right after.";
        Field<NonNullGraphType<IntGraphType>>("entrySequence").Description("The ledger entry's number.").Resolve(ctx => checked((int)ctx.Source.EntrySequence));
        Field<NonNullGraphType<StringGraphType>>("kind").Description("EXCHANGE, DONATION, GRANT, CONTRIBUTION, OPENING_BALANCE, ADJUSTMENT or REVERSAL.")
            .Resolve(ctx => ToScreamingSnake(ctx.Source.Kind.ToString()));
        Field<StringGraphType>("memo").Description("What the entry says it is for.").Resolve(ctx => ctx.Source.Memo);
        Field<NonNullGraphType<IntGraphType>>("changeMinutes").Description("Minutes credited (positive) or debited (negative).")
            .Resolve(ctx => checked((int)(ctx.Source.Side == PostingSide.Credit ? ctx.Source.AmountMinutes : -ctx.Source.AmountMinutes)));
        Field<NonNullGraphType<FloatGraphType>>("changeHours").Description("The change in hours, for display.")
            .Resolve(ctx => (ctx.Source.Side == PostingSide.Credit ? ctx.Source.AmountMinutes : -ctx.Source.AmountMinutes) / 60.0);
        Field<NonNullGraphType<IntGraphType>>("balanceAfterMinutes").Description("The account's balance right after this line.")
            .Resolve(ctx => checked((int)ctx.Source.BalanceAfterMinutes));
        Field<NonNullGraphType<FloatGraphType>>("balanceAfterHours").Description("The balance after, in hours, for display.")
            .Resolve(ctx => ctx.Source.BalanceAfterMinutes / 60.0);
        Field<NonNullGraphType<DateTimeGraphType>>("effectiveAt").Description("When it happened (UTC).").Resolve(ctx => ctx.Source.EffectiveAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("recordedAt").Description("When the ledger recorded it (UTC).").Resolve(ctx => ctx.Source.RecordedAt.UtcDateTime);
        Field<ExchangeType>("exchange").Description("The exchange that caused it, if any.")
            .Resolve(ctx => ctx.Source.CauseType == "exchange" && long.TryParse(ctx.Source.CauseId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? ctx.DataLoaders().GetOrAddBatchLoader<long, Exchange>("statement-exchanges", async (ids, ct) =>
                {
                    await using var db = await ctx.CreateDbContextAsync();
                    return await db.Exchanges.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
                }).LoadAsync(id)
                : DataLoaderResults.FromValue<Exchange?>(null));
    }

    private static string ToScreamingSnake(string name) => TimeBank.GraphQL.Mutations.UserErrorCodes.ToScreamingSnake(name);
}
