using GraphQL.Types;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>
/// The group exchange's own steps. A receiver accepts, declines, acknowledges or disputes their share, and a coordinator
/// resolves it, with the exchange mutations: a share is an exchange.
/// </summary>
public static class GroupExchangeMutations
{
    public static void AddGroupExchangeMutations(this ObjectGraphType mutation)
    {
        mutation.AddProposeGroupExchange();
        mutation.AddCompleteGroupExchange();
    }
}
