using GraphQL.Types;

namespace TimeBank.Api.Features.Identity;

public static class IdentityMutations
{
    public static void AddIdentityMutations(this ObjectGraphType mutation)
    {
        mutation.AddRegister();
        mutation.AddLogin();
        mutation.AddRefreshSession();
        mutation.AddLogout();
    }
}
