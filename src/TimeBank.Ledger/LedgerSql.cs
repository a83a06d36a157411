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

    /// <summary>
    /// Run after <see cref="SqliteTriggers"/> once the entries have the columns of hash format 2 (<c>HashFormat</c>,
    /// <c>MemoSalt</c>, <c>MemoDigest</c>): replaces the entries' update trigger with one that allows exactly one
    /// update, erasing a format-2 entry's memo and salt together (both to NULL), and refuses every other.
    /// </summary>
    public const string SqliteMemoErasure = """
        DROP TRIGGER IF EXISTS "LedgerEntries_NoUpdate";
        CREATE TRIGGER "LedgerEntries_NoUpdate" BEFORE UPDATE ON "LedgerEntries"
        WHEN NOT (NEW."Memo" IS NULL AND NEW."MemoSalt" IS NULL AND OLD."HashFormat" >= 2
            AND NEW."Sequence" IS OLD."Sequence" AND NEW."Kind" IS OLD."Kind" AND NEW."MemoDigest" IS OLD."MemoDigest"
            AND NEW."HashFormat" IS OLD."HashFormat" AND NEW."EffectiveAtUnixMs" IS OLD."EffectiveAtUnixMs"
            AND NEW."RecordedAtUnixMs" IS OLD."RecordedAtUnixMs" AND NEW."ActorId" IS OLD."ActorId"
            AND NEW."PrincipalId" IS OLD."PrincipalId" AND NEW."PolicyVersion" IS OLD."PolicyVersion"
            AND NEW."IdempotencyKey" IS OLD."IdempotencyKey" AND NEW."CauseType" IS OLD."CauseType"
            AND NEW."CauseId" IS OLD."CauseId" AND NEW."ReversesSequence" IS OLD."ReversesSequence"
            AND NEW."HoldId" IS OLD."HoldId" AND NEW."Hash" IS OLD."Hash")
        BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable; only a memo and its salt may be erased'); END;
        """;

    /// <summary>Undoes <see cref="SqliteMemoErasure"/> (the strict update trigger again), for a migration's Down method.</summary>
    public const string DropSqliteMemoErasure = """
        DROP TRIGGER IF EXISTS "LedgerEntries_NoUpdate";
        CREATE TRIGGER "LedgerEntries_NoUpdate" BEFORE UPDATE ON "LedgerEntries"
        BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
        """;

    /// <summary>Every trigger of the current schema, for a host that creates it in one go (EnsureCreated, tests).</summary>
    public const string AllSqliteTriggers = SqliteTriggers + SqliteMemoErasure;

    /// <summary>Undoes <see cref="SqliteTriggers"/> (and <see cref="SqliteMemoErasure"/>), for a migration's Down method.</summary>
    public const string DropSqliteTriggers = """
        DROP TRIGGER IF EXISTS "LedgerEntries_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerEntries_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerPostings_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerPostings_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerLimitChanges_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerLimitChanges_NoDelete";
        """;
}
