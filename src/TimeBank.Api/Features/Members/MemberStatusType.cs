using GraphQL.Types;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Members;

public sealed class MemberStatusType : EnumerationGraphType<MemberStatus>
{
    public MemberStatusType()
    {
        Name = "MemberStatus";
        Description = "Where a membership stands.";
        Describe(MemberStatus.Applied, "Applied; waits for a coordinator's approval.");
        Describe(MemberStatus.Active, "A member in good standing, with an account.");
        Describe(MemberStatus.Suspended, "Suspended by a coordinator; keeps the balance, cannot exchange.");
        Describe(MemberStatus.Left, "Left the community (or was erased); the account's history stays.");
        Describe(MemberStatus.Declined, "The application was turned down; may apply again.");
    }

    private void Describe(MemberStatus status, string description) =>
        Values.Single(v => Equals(v.Value, status)).Description = description;
}
