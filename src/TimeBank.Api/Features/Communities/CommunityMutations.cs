using GraphQL.Types;

namespace TimeBank.Api.Features.Communities;

public static class CommunityMutations
{
    public static void AddCommunityMutations(this ObjectGraphType mutation)
    {
        mutation.AddCreateCommunity();
        mutation.AddUpdateCommunityPolicy();
        mutation.AddAddCategory();
        mutation.AddUpdateCategory();
    }
}
