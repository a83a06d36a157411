using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>The filter of <c>ledgerAccounts</c>.</summary>
public sealed record LedgerAccountFilter(IReadOnlyList<AccountKind>? Kinds = null);

public sealed class LedgerAccountFilterType : InputObjectGraphType<LedgerAccountFilter>
{
    public LedgerAccountFilterType()
    {
        Name = "LedgerAccountFilter";
        Description = "Narrows a list of ledger accounts.";
        Field<ListGraphType<NonNullGraphType<AccountKindType>>>("kinds").Description("Accounts of these kinds only; every kind when omitted or empty.");
    }
}

/// <summary>
/// <c>ledgerAccounts(communityId, filter)</c>: every account of the community's ledger (the ledger's
/// <see cref="AccountsOfGroup.LedgerAccounts"/>), by id, with balance, available minutes and limits; each member account
/// with its owner. Auditors and coordinators.
/// </summary>
public static class CommunityLedgerAccounts
{
    private static readonly KeysetOrder<LedgerAccount> ById = new KeysetOrder<LedgerAccount>().By(a => a.Id);

    public static void AddLedgerAccountsQuery(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<AccountType>>>("ledgerAccounts")
            .Description("Every account of the community's ledger (members', the fund, issuance, pools), oldest first. For the community's auditors and coordinators.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<LedgerAccountFilterType>("filter", "Narrows the list.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                // Paging arguments are judged first, as on every connection, whoever asks.
                await Array.Empty<LedgerAccount>().ToConnectionAsync(ById, ctx.GetPageRequest());
                await using var db = await ctx.CreateDbContextAsync();
                var community = await ctx.CommunityLedgerAsync(db, ctx.GetId<long>("communityId", "Community"));
                var filter = ctx.GetArgument<LedgerAccountFilter?>("filter") ?? new LedgerAccountFilter();
                return await db.LedgerAccounts(community.LedgerGroup, filter.Kinds)
                    .ToConnectionAsync(ById, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
}
