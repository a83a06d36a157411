using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Accounts;

/// <summary>The <c>Account</c> type: a ledger account as its owner, coordinators and auditors see it.</summary>
public sealed class AccountType : ObjectGraphType<LedgerAccount>
{
    public AccountType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Account";
        Description = "An account in the community's ledger. Minutes are exact; hours are for display.";
        // node(id:) shows an account to its owner and the community's auditors and coordinators only.
        this.IsNode(a => a.Id, context => contexts.VisibleAccounts(context.Caller()));
        Field<NonNullGraphType<StringGraphType>>("kind").Description("MEMBER, FUND, POOL or ISSUANCE.")
            .Resolve(ctx => ctx.Source.Kind.ToString().ToUpperInvariant());
        Field<NonNullGraphType<StringGraphType>>("code").Description("The ledger's name of the account, unique in the community (as in the exports).")
            .Resolve(ctx => ctx.Source.Code);
        Field<MemberType>("owner").Description("The member whose account this is; null for the community's own accounts (fund, issuance, pools).")
            .Resolve(ctx => ctx.LoadAccountOwner(ctx.Source.Id));
        Field<NonNullGraphType<DateTimeGraphType>>("openedAt").Description("When the ledger opened the account (UTC).")
            .Resolve(ctx => ctx.Source.OpenedAt.UtcDateTime);
        Field<NonNullGraphType<IntGraphType>>("balanceMinutes").Description("Credits minus debits posted so far.")
            .Resolve(ctx => checked((int)ctx.Source.BalanceMinutes));
        Field<NonNullGraphType<FloatGraphType>>("balanceHours").Description("The balance in hours, for display.")
            .Resolve(ctx => ctx.Source.BalanceMinutes / 60.0);
        Field<NonNullGraphType<IntGraphType>>("availableMinutes")
            .Description("What can still be spent: the balance less minutes held for accepted exchanges.")
            .Resolve(ctx => checked((int)ctx.Source.AvailableMinutes));
        Field<NonNullGraphType<IntGraphType>>("pendingDebitMinutes").Description("Minutes held to be paid out (open holds).")
            .Resolve(ctx => checked((int)ctx.Source.DebitsPendingMinutes));
        Field<NonNullGraphType<IntGraphType>>("pendingCreditMinutes").Description("Minutes held to be received (open holds).")
            .Resolve(ctx => checked((int)ctx.Source.CreditsPendingMinutes));
        Field<IntGraphType>("floorMinutes").Description("The lowest balance allowed; null when unbounded.")
            .Resolve(ctx => ctx.Source.FloorMinutes is { } floor ? checked((int)floor) : null);
        Field<IntGraphType>("ceilingMinutes").Description("The highest balance allowed; null when unbounded.")
            .Resolve(ctx => ctx.Source.CeilingMinutes is { } ceiling ? checked((int)ceiling) : null);
        this.AddStatementField();
    }
}
