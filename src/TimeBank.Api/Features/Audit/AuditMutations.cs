using GraphQL.Types;

namespace TimeBank.Api.Features.Audit;

/// <summary>The corrections and period closes of a community's books.</summary>
public static class AuditMutations
{
    public static void AddAuditMutations(this ObjectGraphType mutation)
    {
        mutation.AddReverseEntry();
        mutation.AddClosePeriod();
    }
}
