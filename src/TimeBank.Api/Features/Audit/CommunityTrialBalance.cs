using GraphQL;
using GraphQL.Types;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>trialBalance(communityId, asOf)</c>: the community ledger's balances per account kind and in total at a time (the
/// ledger's <see cref="TrialBalanceQuery"/>: one index seek per account, no journal scan). Auditors and coordinators.
/// </summary>
public static class CommunityTrialBalance
{
    public static void AddTrialBalanceQuery(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<TrialBalanceType>>("trialBalance")
            .Description("The community ledger's trial balance: per account kind and in total, the debit and credit balances and the net, which in total is zero. For the community's auditors and coordinators.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<DateTimeGraphType>("asOf", "The balances as they stood at this time (entries recorded at or before it); now when omitted.")
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.CreateDbContextAsync();
                var community = await ctx.CommunityLedgerAsync(db, ctx.GetId<long>("communityId", "Community"));
                DateTimeOffset? asOf = ctx.GetArgument<DateTime?>("asOf") is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
                return await db.GetTrialBalanceAsync(community.LedgerGroup, asOf, ctx.CancellationToken);
            });
}

public sealed class TrialBalanceType : ObjectGraphType<TrialBalance>
{
    public TrialBalanceType()
    {
        Name = "TrialBalance";
        Description = "A community ledger's balances at one time. Balanced when the total's net is zero: every entry's debits equal its credits.";
        Field<DateTimeGraphType>("asOf").Description("The time asked for (UTC); null for now.").Resolve(ctx => ctx.Source.AsOf?.UtcDateTime);
        Field<LongGraphType>("throughSequence").Description("The last journal entry recorded by then (0 before any); null for now.")
            .Resolve(ctx => ctx.Source.ThroughSequence);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrialBalanceLineType>>>>("kinds")
            .Description("One line per account kind (MEMBER, FUND, POOL, ISSUANCE), also when the community has no account of it.")
            .Resolve(ctx => ctx.Source.Kinds)
            .MaxItems(Enum.GetValues<AccountKind>().Length);
        Field<NonNullGraphType<TrialBalanceLineType>>("total").Description("Every account of the community.").Resolve(ctx => ctx.Source.Total);
        Field<NonNullGraphType<BooleanGraphType>>("balanced").Description("Whether the total's net is zero.").Resolve(ctx => ctx.Source.IsBalanced);
    }
}

public sealed class TrialBalanceLineType : ObjectGraphType<TrialBalanceLine>
{
    public TrialBalanceLineType()
    {
        Name = "TrialBalanceLine";
        Description = "The accounts of one kind (or all of them): how many, and their balances summed by sign.";
        Field<AccountKindType>("kind").Description("The account kind; null on the total line.").Resolve(ctx => ctx.Source.Kind);
        Field<NonNullGraphType<IntGraphType>>("accounts").Description("How many accounts (opened by then).").Resolve(ctx => checked((int)ctx.Source.Accounts));
        Field<NonNullGraphType<LongGraphType>>("debitBalanceMinutes").Description("The balances below zero, summed, as a positive number of minutes.")
            .Resolve(ctx => ctx.Source.DebitBalanceMinutes);
        Field<NonNullGraphType<LongGraphType>>("creditBalanceMinutes").Description("The balances above zero, summed.")
            .Resolve(ctx => ctx.Source.CreditBalanceMinutes);
        Field<NonNullGraphType<LongGraphType>>("netMinutes").Description("Credit balances less debit balances: the kind's balances summed.")
            .Resolve(ctx => ctx.Source.NetMinutes);
    }
}
