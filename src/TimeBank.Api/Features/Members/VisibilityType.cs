using GraphQL.Types;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Members;

public sealed class VisibilityType : EnumerationGraphType<Visibility>
{
    public VisibilityType()
    {
        Name = "Visibility";
        Description = "Who may see one field of a profile; the member always sees their own.";
        Values.Single(v => Equals(v.Value, Visibility.Nobody)).Description = "Only the member.";
        Values.Single(v => Equals(v.Value, Visibility.Members)).Description = "Active members of the community, and its coordinators.";
        Values.Single(v => Equals(v.Value, Visibility.Coordinators)).Description = "The community's coordinators only.";
    }
}
