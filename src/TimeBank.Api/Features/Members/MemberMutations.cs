using GraphQL.Types;

namespace TimeBank.Api.Features.Members;

public static class MemberMutations
{
    public static void AddMemberMutations(this ObjectGraphType mutation)
    {
        mutation.AddJoinCommunity();
        mutation.AddApproveMember();
        mutation.AddDeclineMember();
        mutation.AddSuspendMember();
        mutation.AddReinstateMember();
        mutation.AddLeaveCommunity();
        mutation.AddUpdateProfile();
        mutation.AddSetMemberRoles();
        mutation.AddEraseMember();
    }
}
