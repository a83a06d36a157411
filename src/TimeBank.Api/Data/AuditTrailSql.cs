namespace TimeBank.Api.Data;

/// <summary>
/// Makes SQLite itself keep the audit trail append-only, so not even raw SQL rewrites who did what: every DELETE is
/// refused, and every UPDATE but the erasure's, which sets <c>Reason</c> to NULL and changes nothing else (a reason may
/// name the member erased). The migration that creates <c>AuditRecords</c> runs <see cref="Triggers"/>.
/// </summary>
public static class AuditTrailSql
{
    public const string Triggers = """
        CREATE TRIGGER IF NOT EXISTS "AuditRecords_NoUpdate" BEFORE UPDATE ON "AuditRecords"
        WHEN NOT (NEW."Reason" IS NULL
            AND NEW."Id" IS OLD."Id" AND NEW."CommunityId" IS OLD."CommunityId" AND NEW."Action" IS OLD."Action"
            AND NEW."ActorUserId" IS OLD."ActorUserId" AND NEW."PrincipalMemberId" IS OLD."PrincipalMemberId"
            AND NEW."SubjectType" IS OLD."SubjectType" AND NEW."SubjectId" IS OLD."SubjectId"
            AND NEW."BeforeJson" IS OLD."BeforeJson" AND NEW."AfterJson" IS OLD."AfterJson" AND NEW."RecordedAt" IS OLD."RecordedAt")
        BEGIN SELECT RAISE(ABORT, 'audit records are immutable; only a reason may be erased'); END;
        CREATE TRIGGER IF NOT EXISTS "AuditRecords_NoDelete" BEFORE DELETE ON "AuditRecords"
        BEGIN SELECT RAISE(ABORT, 'audit records are immutable'); END;
        """;

    /// <summary>Undoes <see cref="Triggers"/>, for the migration's Down method.</summary>
    public const string DropTriggers = """
        DROP TRIGGER IF EXISTS "AuditRecords_NoUpdate";
        DROP TRIGGER IF EXISTS "AuditRecords_NoDelete";
        """;
}
