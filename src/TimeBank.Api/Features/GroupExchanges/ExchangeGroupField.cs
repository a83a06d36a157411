using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary><c>Exchange.groupExchange</c>: the group a share belongs to.</summary>
public static class ExchangeGroupField
{
    /// <summary>Whoever sees a share (its two parties, coordinators, auditors) is among those who see its group.</summary>
    public static void AddGroupExchangeField(this ObjectGraphType<Exchange> exchange) =>
        exchange.Field<GroupExchangeType>("groupExchange")
            .Description("The group exchange (a workshop) this exchange is one receiver's share of; null for a one-to-one exchange.")
            .Resolve(ctx => ctx.Source.GroupExchangeId is { } id ? ctx.LoadGroupExchange(id) : DataLoaderResults.FromValue<GroupExchange?>(null));
}
