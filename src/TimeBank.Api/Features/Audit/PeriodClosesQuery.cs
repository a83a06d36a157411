using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>periodCloses</c> and <c>periodBalances</c>: the closed periods of a community's books and each one's balances, for
/// its auditors and coordinators.
/// </summary>
public static class PeriodClosesQuery
{
    private static readonly KeysetOrder<LedgerPeriodBalance> ByAccount = new KeysetOrder<LedgerPeriodBalance>().By(b => b.AccountId);

    /// <summary>The most closes one answer lists; a community closing monthly reaches it after 40 years.</summary>
    public const int MaxCloses = 500;

    public static void AddPeriodCloses(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PeriodCloseType>>>>("periodCloses")
            .Description($"The community's closed periods, oldest first (at most {MaxCloses}). For its auditors and coordinators; NOT_FOUND for anyone outside it.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                await using var db = await ctx.CreateDbContextAsync();
                await AuditTrailQuery.RefuseUnlessAuditorOrCoordinatorAsync(db, communityId, ctx.Caller(), "the closed periods", ctx.CancellationToken);
                var community = await ctx.CommunityLedgerAsync(db, communityId);
                var closes = await db.ListPeriodClosesAsync(community.LedgerGroup, ctx.CancellationToken);
                return closes.Take(MaxCloses);
            })
            .FieldType.MaxItems(MaxCloses);

    public static void AddPeriodBalances(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<PeriodBalanceType>>>("periodBalances")
            .Description("Every account's balance at the end of a closed period, by account. For the community's auditors and coordinators; NOT_FOUND for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("periodCloseId", "The period close.", a => a.IdOf<long>("PeriodClose"))
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var closeId = ctx.GetId<long>("periodCloseId", "PeriodClose");
                var page = ctx.GetPageRequest();
                // Validation first: the page and its cursors are judged on an empty list before who may read is looked at.
                await Array.Empty<LedgerPeriodBalance>().ToConnectionAsync(ByAccount, page);
                await using var db = await ctx.CreateDbContextAsync();
                var group = await db.Set<LedgerPeriodClose>().Where(c => c.Id == closeId).Select(c => c.LedgerGroup).SingleOrDefaultAsync(ctx.CancellationToken);
                var communityId = group is null ? 0 : await db.Communities.Where(c => c.LedgerGroup == group).Select(c => c.Id).SingleOrDefaultAsync(ctx.CancellationToken);
                await AuditTrailQuery.RefuseUnlessAuditorOrCoordinatorAsync(db, communityId, ctx.Caller(), "the closed periods", ctx.CancellationToken);
                var balances = db.Set<LedgerPeriodBalance>().AsNoTracking().Where(b => b.CloseId == closeId);
                return await balances.ToConnectionAsync(ByAccount, page, ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
}
