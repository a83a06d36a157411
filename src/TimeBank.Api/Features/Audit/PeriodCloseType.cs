using GraphQL.Types;
using TimeBank.Api.Features.Accounts;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Audit;

/// <summary>The <c>PeriodClose</c> type: a closed period of a community's books, immutable like entries.</summary>
public sealed class PeriodCloseType : ObjectGraphType<LedgerPeriodClose>
{
    public PeriodCloseType()
    {
        Name = "PeriodClose";
        Description = "A closed period of a community's books: every account's balance at its end, stored with the chain's head and never changed. Nothing dated inside it may be written. Its balances are read with periodBalances.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The close's opaque global ID.")
            .Resolve(ctx => TimeBank.GraphQL.Relay.GlobalId.Encode("PeriodClose", ctx.Source.Id));
        Field<NonNullGraphType<DateTimeGraphType>>("endsAt").Description("The end of the period (inclusive, UTC).").Resolve(ctx => ctx.Source.EndsAt.UtcDateTime);
        Field<NonNullGraphType<LongGraphType>>("lastSequence").Description("The community's last entry recorded at or before the end; 0 when none.")
            .Resolve(ctx => ctx.Source.LastSequence);
        Field<NonNullGraphType<StringGraphType>>("chainHeadHash").Description("The hash of the community chain's head when the period was closed (lowercase hex).")
            .Resolve(ctx => ctx.Source.ChainHeadHash);
        Field<NonNullGraphType<StringGraphType>>("balancesDigest").Description("SHA-256 of the balances as the close's canonical text lists them (docs/ledger.md), lowercase hex.")
            .Resolve(ctx => ctx.Source.BalancesDigest);
        Field<NonNullGraphType<DateTimeGraphType>>("recordedAt").Description("When the period was closed (UTC).").Resolve(ctx => ctx.Source.RecordedAt.UtcDateTime);
    }
}

/// <summary>The <c>PeriodBalance</c> type: one account's balance at a period's end.</summary>
public sealed class PeriodBalanceType : ObjectGraphType<LedgerPeriodBalance>
{
    public PeriodBalanceType()
    {
        Name = "PeriodBalance";
        Description = "One account's balance at the end of a closed period.";
        Field<AccountType>("account").Description("The account.").Resolve(ctx => ctx.LoadVisibleAccount(ctx.Source.AccountId));
        Field<NonNullGraphType<LongGraphType>>("balanceMinutes").Description("Its balance then, in minutes.").Resolve(ctx => ctx.Source.BalanceMinutes);
    }
}
