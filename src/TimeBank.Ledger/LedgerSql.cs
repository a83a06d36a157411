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

    /// <summary>
    /// Run once the community chain's tables exist (<c>LedgerChainLinks</c>, <c>LedgerPeriodCloses</c>,
    /// <c>LedgerPeriodBalances</c>, and <c>LedgerOperations.PeriodCloseId</c>): links and period closes can never change,
    /// and an idempotency record can be neither deleted (that would free its key for reuse) nor changed, except the one
    /// update memo erasure makes, forgetting its request hash (<c>RequestHash</c> to <c>'erased'</c>).
    /// </summary>
    public const string SqliteChainTriggers = """
        CREATE TRIGGER IF NOT EXISTS "LedgerChainLinks_NoUpdate" BEFORE UPDATE ON "LedgerChainLinks"
        BEGIN SELECT RAISE(ABORT, 'ledger chain links are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerChainLinks_NoDelete" BEFORE DELETE ON "LedgerChainLinks"
        BEGIN SELECT RAISE(ABORT, 'ledger chain links are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerPeriodCloses_NoUpdate" BEFORE UPDATE ON "LedgerPeriodCloses"
        BEGIN SELECT RAISE(ABORT, 'ledger period closes are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerPeriodCloses_NoDelete" BEFORE DELETE ON "LedgerPeriodCloses"
        BEGIN SELECT RAISE(ABORT, 'ledger period closes are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerPeriodBalances_NoUpdate" BEFORE UPDATE ON "LedgerPeriodBalances"
        BEGIN SELECT RAISE(ABORT, 'ledger period balances are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerPeriodBalances_NoDelete" BEFORE DELETE ON "LedgerPeriodBalances"
        BEGIN SELECT RAISE(ABORT, 'ledger period balances are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerOperations_NoDelete" BEFORE DELETE ON "LedgerOperations"
        BEGIN SELECT RAISE(ABORT, 'ledger operations are evidence and are never deleted'); END;
        CREATE TRIGGER IF NOT EXISTS "LedgerOperations_NoUpdate" BEFORE UPDATE ON "LedgerOperations"
        WHEN NOT (NEW."RequestHash" = 'erased'
            AND NEW."IdempotencyKey" IS OLD."IdempotencyKey" AND NEW."CommandType" IS OLD."CommandType"
            AND NEW."EntrySequence" IS OLD."EntrySequence" AND NEW."HoldId" IS OLD."HoldId"
            AND NEW."AccountId" IS OLD."AccountId" AND NEW."PeriodCloseId" IS OLD."PeriodCloseId"
            AND NEW."AffectedCount" IS OLD."AffectedCount" AND NEW."RecordedAtUnixMs" IS OLD."RecordedAtUnixMs")
        BEGIN SELECT RAISE(ABORT, 'ledger operations are immutable; only an erasure may forget a request hash'); END;
        """;

    /// <summary>Undoes <see cref="SqliteChainTriggers"/>, for a migration's Down method.</summary>
    public const string DropSqliteChainTriggers = """
        DROP TRIGGER IF EXISTS "LedgerChainLinks_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerChainLinks_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerPeriodCloses_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerPeriodCloses_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerPeriodBalances_NoUpdate";
        DROP TRIGGER IF EXISTS "LedgerPeriodBalances_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerOperations_NoDelete";
        DROP TRIGGER IF EXISTS "LedgerOperations_NoUpdate";
        """;

    /// <summary>Every trigger of the current schema, for a host that creates it in one go (EnsureCreated, tests).</summary>
    public const string AllSqliteTriggers = SqliteTriggers + SqliteMemoErasure + SqliteChainTriggers;

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
