using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace TimeBank.Api.Data;

/// <summary>
/// After personal data was overwritten (an erasure), makes sure no copy of it stays in the files: secure_delete (see
/// <see cref="TimeBank.Ledger.SqliteConnectionSettings"/>) already zeroed the freed space of the rows; this rebuilds the indexes that
/// hold personal text (their interior pages keep copies of keys that a delete does not rewrite), then checkpoints
/// the WAL and truncates it, so the old page images in timebank.db-wal are gone too.
/// </summary>
public static class PersonalDataPurge
{
    private const string Reindex = """REINDEX "Users"; REINDEX "Members"; REINDEX "MemberSkills";""";

    /// <returns>False when readers kept the checkpoint from finishing within the busy timeout; the WAL then keeps old pages until a later one.</returns>
    public static async Task<bool> RunAsync(TimeBankDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(Reindex, ct);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        await using DbCommand checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await checkpoint.ExecuteReaderAsync(ct);
        // One row: busy (1 when it could not finish), frames in the log, frames checkpointed.
        return await reader.ReadAsync(ct) && reader.GetInt64(0) == 0;
    }
}
