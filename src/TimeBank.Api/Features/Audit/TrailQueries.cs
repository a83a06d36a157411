using GraphQL.Types;

namespace TimeBank.Api.Features.Audit;

/// <summary>The audit trail's and period closes' queries (the rest of the auditor's reads are in AuditQueries).</summary>
public static class TrailQueries
{
    public static void AddTrailQueries(this ObjectGraphType query)
    {
        query.AddAuditTrail();
        query.AddPeriodCloses();
        query.AddPeriodBalances();
    }
}
