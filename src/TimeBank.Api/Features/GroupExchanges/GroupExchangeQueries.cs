using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.GroupExchanges;

public static class GroupExchangeQueries
{
    private static readonly KeysetOrder<GroupExchange> Newest =
        new KeysetOrder<GroupExchange>().By(g => g.CreatedAt, descending: true).By(g => g.Id, descending: true);

    public static void AddGroupExchangeQueries(this ObjectGraphType query)
    {
        query.Field<GroupExchangeType>("groupExchange")
            .Description("One group exchange, for its provider, its receivers and the community's coordinators and auditors; null for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The group exchange's ID.", a => a.IdOf<long>("GroupExchange"))
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetId<long>("id", "GroupExchange");
                var visible = await GroupExchangeAccess.VisibleTo(ctx.Service<IDbContextFactory<TimeBankDbContext>>(), ctx.Caller())([id], ctx.CancellationToken);
                return visible.GetValueOrDefault(id);
            });

        query.Field<NonNullGraphType<ConnectionType<GroupExchangeType>>>("myGroupExchanges")
            .Description("The caller's group exchanges in every community, as provider or as a receiver with a share, newest first.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var userId = ctx.SignedInUserId("Log in to see your group exchanges.");
                await using var db = await ctx.CreateDbContextAsync();
                // One statement: the caller's memberships and shares are subqueries, not round trips.
                var mine = db.Members.Where(m => m.UserId == userId).Select(m => m.Id);
                var receiving = db.Exchanges.Where(e => e.GroupExchangeId != null && mine.Contains(e.ReceiverMemberId)).Select(e => e.GroupExchangeId!.Value);
                var groups = db.GroupExchanges.AsNoTracking().Where(g => mine.Contains(g.ProviderMemberId) || receiving.Contains(g.Id));
                return await groups.ToConnectionAsync(Newest, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
    }
}
