using GraphQL.Types;

namespace TimeBank.Api.Features.Members;

public sealed class MemberRoleType : EnumerationGraphType
{
    public MemberRoleType()
    {
        Name = "MemberRole";
        Description = "A role within one community.";
        Add("MEMBER", "MEMBER", "Offers and asks for help, exchanges hours.");
        Add("COORDINATOR", "COORDINATOR", "Runs the community: approves members, resolves disputes, acts on behalf of offline members.");
        Add("AUDITOR", "AUDITOR", "Reads every account and entry of the community's ledger; changes nothing.");
    }
}
