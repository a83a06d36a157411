using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Ledger.Exports;

namespace TimeBank.Api.Features.Audit.Exports;

/// <summary>
/// <c>GET /exports/communities/{communityId}/&lt;file&gt;</c>: a community's ledger as files an auditor takes away
/// (docs/auditing.md, "Exports and the evidence pack"). <c>communityId</c> is the community's GraphQL global id.
/// </summary>
public static class ExportEndpoints
{
    private static readonly ExportDownload[] Downloads =
    [
        new("journal.csv", "text/csv; charset=utf-8", TakesAsOf: true,
            (db, group, asOf, body, ct) => db.WriteJournalCsvAsync(group, asOf, body, ct)),
        new("journal.hledger", "text/plain; charset=utf-8", TakesAsOf: true,
            (db, group, asOf, body, ct) => db.WriteHledgerJournalAsync(group, asOf, body, ct)),
        new("balances.csv", "text/csv; charset=utf-8", TakesAsOf: true,
            (db, group, asOf, body, ct) => db.WriteBalancesCsvAsync(group, asOf, body, ct)),
        new("evidence-pack.zip", "application/zip", TakesAsOf: true,
            (db, group, asOf, body, ct) => db.WriteEvidencePackAsync(group, asOf, body, ct)),
    ];

    public static IEndpointRouteBuilder MapLedgerExports(this IEndpointRouteBuilder endpoints)
    {
        foreach (var download in Downloads)
        {
            endpoints.MapGet("/exports/communities/{communityId}/" + download.FileName,
                (HttpContext http, string communityId, IDbContextFactory<TimeBankDbContext> contexts, TimeProvider clock) =>
                    download.HandleAsync(http, communityId, contexts, clock));
        }
        return endpoints;
    }
}
