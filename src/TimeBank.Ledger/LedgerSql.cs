namespace TimeBank.Ledger;

/// <summary>SQL the host runs after creating the ledger tables (e.g. <c>migrationBuilder.Sql(LedgerSql.SqliteTriggers)</c>).</summary>
public static class LedgerSql
{
    /// <summary>
    /// Makes SQLite itself refuse UPDATE and DELETE of entries and postings, so not even a raw SQL
    /// statement can rewrite history; the EF interceptor only covers code that goes through EF.
    /// </summary>
    public const string SqliteTriggers = """
        CREATE TRIGGER IF NOT EXISTS "LedgerEntries_NoUpdate" BEFORE UPDATE ON "LedgerEntries"
        BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerEntries_NoDelete" BEFORE DELETE ON "LedgerEntries"
        BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerPostings_NoUpdate" BEFORE UPDATE ON "LedgerPostings"
        BEGIN SELECT RAISE(ABORT, 'ledger postings are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerPostings_NoDelete" BEFORE DELETE ON "LedgerPostings"
        BEGIN SELECT RAISE(ABORT, 'ledger postings are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerLimitChanges_NoUpdate" BEFORE UPDATE ON "LedgerLimitChanges"
        BEGIN SELECT RAISE(ABORT, 'ledger limit changes are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerLimitChanges_NoDelete" BEFORE DELETE ON "LedgerLimitChanges"
        BEGIN SELECT RAISE(ABORT, 'ledger limit changes are immutable'); END;
        """;

    /// <summary>Undoes <see cref="SqliteTriggers"/>, for a migration's Down method.</summary>
    public const string DropSqliteTriggers = """
        DROP TRIGGER IF EXISTS "LedgerEntries_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerEntries_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerPostings_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerPostings_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerLimitChanges_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerLimitChanges_NoDelete";
        """;
}
