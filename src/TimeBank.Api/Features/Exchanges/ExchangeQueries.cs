using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>The filter of <c>myExchanges</c>: every given criterion must hold.</summary>
public sealed record ExchangeFilter(ExchangeStatus? Status = null, ExchangeRole? Role = null, long? CommunityId = null);

public sealed class ExchangeFilterType : InputObjectGraphType<ExchangeFilter>
{
    public ExchangeFilterType()
    {
        Name = "ExchangeFilter";
        Description = "Narrows a list of exchanges; every given criterion must hold.";
        Field<ExchangeStatusType>("status").Description("Exchanges in this status only.");
        Field<ExchangeRoleType>("role").Description("Only those where you are the PROVIDER, or the RECEIVER; both by default.");
        this.IdFieldOptional("communityId", "Community", "In this community only.");
    }
}

public static class ExchangeQueries
{
    private static readonly KeysetOrder<Exchange> Newest = new KeysetOrder<Exchange>().By(e => e.CreatedAt, descending: true).By(e => e.Id, descending: true);

    // The caller's exchanges in every community, newest first: the same rows and order as the general path's query.
    private static readonly string NewestSql = $"""
        SELECT {ExchangeColumns.Of("e")}
        FROM "Exchanges" e
        WHERE e."ProviderMemberId" IN (SELECT m."Id" FROM "Members" m WHERE m."UserId" = @p0)
           OR e."ReceiverMemberId" IN (SELECT m."Id" FROM "Members" m WHERE m."UserId" = @p0)
        ORDER BY e."CreatedAt" DESC, e."Id" DESC
        LIMIT @p1
        """;

    public static void AddExchangeQueries(this ObjectGraphType query)
    {
        query.Field<ExchangeType>("exchange")
            .Description("One exchange, for its two parties and the community's coordinators and auditors; null for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The exchange's ID.", a => a.IdOf<long>("Exchange"))
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetId<long>("id", "Exchange");
                var visible = await ExchangeType.VisibleTo(ctx.Service<IDbContextFactory<TimeBankDbContext>>(), ctx.Caller())([id], ctx.CancellationToken);
                return visible.GetValueOrDefault(id);
            });

        query.Field<NonNullGraphType<ConnectionType<ExchangeType>>>("myExchanges")
            .Description("The caller's exchanges in every community (as provider or receiver), newest first.")
            .Argument<ExchangeFilterType>("filter", "Narrows the list.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var userId = ctx.SignedInUserId("Log in to see your exchanges.");
                var filter = ctx.GetArgument<ExchangeFilter?>("filter") ?? new ExchangeFilter();
                var page = ctx.GetPageRequest();
                if (filter == new ExchangeFilter() && page.IsPlainFirstPage(out var size))
                {
                    // The page an exchanges screen opens with: one statement prepared once per connection.
                    var newest = ctx.Service<PreparedReads>().ReadRows(NewestSql, reader => ExchangeColumns.Read(reader, 0), userId, size + 1);
                    return Paging.FirstPage(Newest, newest, size);
                }
                await using var db = await ctx.CreateDbContextAsync();
                // One statement: the caller's memberships are a subquery, not a round trip.
                var mine = db.Members.Where(m => m.UserId == userId).Select(m => m.Id);
                var exchanges = db.Exchanges.AsNoTracking();
                exchanges = filter.Role switch
                {
                    ExchangeRole.Provider => exchanges.Where(e => mine.Contains(e.ProviderMemberId)),
                    ExchangeRole.Receiver => exchanges.Where(e => mine.Contains(e.ReceiverMemberId)),
                    _ => exchanges.Where(e => mine.Contains(e.ProviderMemberId) || mine.Contains(e.ReceiverMemberId)),
                };
                if (filter.Status is { } status)
                {
                    exchanges = exchanges.Where(e => e.Status == status);
                }
                if (filter.CommunityId is { } communityId)
                {
                    exchanges = exchanges.Where(e => e.CommunityId == communityId);
                }
                return await exchanges.ToConnectionAsync(Newest, page, ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
    }
}
