using GraphQL.Types;

namespace TimeBank.Api.Features.Audit;

/// <summary>The auditor's reads of a community's ledger; each field is its own use case.</summary>
public static class AuditQueries
{
    public static ObjectGraphType AddAuditQueries(this ObjectGraphType query)
    {
        query.AddTrialBalanceQuery();
        query.AddLedgerAccountsQuery();
        query.AddAccountBalanceQuery();
        query.AddJournalQuery();
        query.AddEntryQuery();
        return query;
    }
}
