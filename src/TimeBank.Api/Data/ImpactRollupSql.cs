namespace TimeBank.Api.Data;

/// <summary>
/// The monthly rollups <c>communityImpact</c> reads whole months from (docs/impact.md), which EF Core cannot model:
/// two tables kept by SQLite triggers, so every write path (the API's exchange steps, group exchanges, the ledger
/// writer's reversals, a listing's new category, raw SQL) keeps them in the writer's own transaction without anyone
/// remembering to. Migration <c>Issue15ImpactRollup</c> calls <see cref="Create"/> (tables, triggers), <see cref="Backfill"/>
/// and, going down, <see cref="Drop"/>.
/// </summary>
/// <remarks>
/// <para>
/// An exchange counts when it has a settlement entry and a settlement time and no ledger entry reverses that settlement,
/// the same rule the raw statements apply. Its month is the first seven characters of its stored <c>SettledAt</c>
/// ("2026-12"), as those statements group it. Every trigger takes out what a row counted for before (if it counted)
/// and adds what it counts for now (if it does), so any order of writes (a settlement, then its reversal; a row
/// inserted already settled, as the benchmark's seeding does) leaves the rollups equal to a recomputation.
/// </para>
/// <para>
/// The category is the listing's as it stands now, as the raw statements read it for a period's partial months: a
/// listing whose category changes moves its counted exchanges from the old category's months to the new one's.
/// Category key 0 stands for "no listing" (a direct exchange): a key column cannot be null, since NULLs never
/// conflict in a unique key and an upsert would add a row per exchange.
/// </para>
/// </remarks>
public static class ImpactRollupSql
{
    // The exchange row r counts (not reversed by any entry but the one named by except, when given).
    private static string Counted(string r, string? except = null) => $"""
        {r}."SettlementEntrySequence" IS NOT NULL AND {r}."SettledAt" IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM "LedgerEntries" rv WHERE rv."ReversesSequence" = {r}."SettlementEntrySequence"{(except is null ? "" : $" AND rv.\"Sequence\" <> {except}")})
        """;

    // Adds (sign 1) or takes out (sign -1) what exchange row r counts for, when condition holds; from names r when it is a table's row.
    private static string Apply(string r, int sign, string condition, string from = "") => $"""
        INSERT INTO "ImpactMonths" ("CommunityId", "Month", "CategoryKey", "Minutes", "Exchanges")
        SELECT {r}."CommunityId", substr({r}."SettledAt", 1, 7), COALESCE((SELECT l."CategoryId" FROM "Listings" l WHERE l."Id" = {r}."ListingId"), 0),
               {sign} * COALESCE({r}."ActualMinutes", 0), {sign}
        {from} WHERE {condition}
        ON CONFLICT DO UPDATE SET "Minutes" = "Minutes" + excluded."Minutes", "Exchanges" = "Exchanges" + excluded."Exchanges";
        INSERT INTO "ImpactMemberMonths" ("MemberId", "Month", "Gave", "Received")
        SELECT {r}."ProviderMemberId", substr({r}."SettledAt", 1, 7), {sign}, 0 {from} WHERE {condition}
        UNION ALL
        SELECT {r}."ReceiverMemberId", substr({r}."SettledAt", 1, 7), 0, {sign} {from} WHERE {condition}
        ON CONFLICT DO UPDATE SET "Gave" = "Gave" + excluded."Gave", "Received" = "Received" + excluded."Received";
        """;

    /// <summary>The tables and the triggers that keep them.</summary>
    public static readonly string Create = $"""
        CREATE TABLE "ImpactMonths" (
            "CommunityId" INTEGER NOT NULL,
            "Month" TEXT NOT NULL,
            "CategoryKey" INTEGER NOT NULL,
            "Minutes" INTEGER NOT NULL,
            "Exchanges" INTEGER NOT NULL,
            PRIMARY KEY ("CommunityId", "Month", "CategoryKey")) WITHOUT ROWID;
        CREATE TABLE "ImpactMemberMonths" (
            "MemberId" INTEGER NOT NULL,
            "Month" TEXT NOT NULL,
            "Gave" INTEGER NOT NULL,
            "Received" INTEGER NOT NULL,
            PRIMARY KEY ("MemberId", "Month")) WITHOUT ROWID;

        CREATE TRIGGER "Exchanges_ImpactInsert" AFTER INSERT ON "Exchanges" WHEN NEW."SettlementEntrySequence" IS NOT NULL
        BEGIN
        {Apply("NEW", 1, Counted("NEW"))}
        END;
        CREATE TRIGGER "Exchanges_ImpactUpdate" AFTER UPDATE OF "SettlementEntrySequence", "SettledAt", "ActualMinutes", "ListingId", "CommunityId",
            "ProviderMemberId", "ReceiverMemberId" ON "Exchanges"
        WHEN OLD."SettlementEntrySequence" IS NOT NULL OR NEW."SettlementEntrySequence" IS NOT NULL
        BEGIN
        {Apply("OLD", -1, Counted("OLD"))}
        {Apply("NEW", 1, Counted("NEW"))}
        END;
        CREATE TRIGGER "Exchanges_ImpactDelete" AFTER DELETE ON "Exchanges" WHEN OLD."SettlementEntrySequence" IS NOT NULL
        BEGIN
        {Apply("OLD", -1, Counted("OLD"))}
        END;
        CREATE TRIGGER "LedgerEntries_ImpactReversal" AFTER INSERT ON "LedgerEntries" WHEN NEW."ReversesSequence" IS NOT NULL
        BEGIN
        {Apply("x", -1, $"x.\"SettlementEntrySequence\" = NEW.\"ReversesSequence\" AND {Counted("x", "NEW.\"Sequence\"")}", "FROM \"Exchanges\" x")}
        END;
        CREATE TRIGGER "Listings_ImpactCategory" AFTER UPDATE OF "CategoryId" ON "Listings" WHEN OLD."CategoryId" IS NOT NEW."CategoryId"
        BEGIN
        INSERT INTO "ImpactMonths" ("CommunityId", "Month", "CategoryKey", "Minutes", "Exchanges")
        SELECT x."CommunityId", substr(x."SettledAt", 1, 7), k."Key", k."Sign" * SUM(COALESCE(x."ActualMinutes", 0)), k."Sign" * COUNT(*)
        FROM "Exchanges" x, (SELECT COALESCE(OLD."CategoryId", 0) AS "Key", -1 AS "Sign" UNION ALL SELECT COALESCE(NEW."CategoryId", 0), 1) k
        WHERE x."ListingId" = NEW."Id" AND {Counted("x")}
        GROUP BY x."CommunityId", substr(x."SettledAt", 1, 7), k."Key", k."Sign"
        ON CONFLICT DO UPDATE SET "Minutes" = "Minutes" + excluded."Minutes", "Exchanges" = "Exchanges" + excluded."Exchanges";
        END;
        """;

    /// <summary>
    /// Fills the empty rollups from the exchanges already settled, not reversed: the migration runs it after
    /// <see cref="Create"/>, and a test runs it again on a history the triggers kept, to see both give the same rows.
    /// </summary>
    public static readonly string Backfill = $"""
        INSERT INTO "ImpactMonths" ("CommunityId", "Month", "CategoryKey", "Minutes", "Exchanges")
        SELECT x."CommunityId", substr(x."SettledAt", 1, 7), COALESCE(l."CategoryId", 0), SUM(COALESCE(x."ActualMinutes", 0)), COUNT(*)
        FROM "Exchanges" x LEFT JOIN "Listings" l ON l."Id" = x."ListingId"
        WHERE {Counted("x")}
        GROUP BY 1, 2, 3;
        INSERT INTO "ImpactMemberMonths" ("MemberId", "Month", "Gave", "Received")
        SELECT "MemberId", "Month", SUM("Gave"), SUM("Received") FROM (
            SELECT x."ProviderMemberId" AS "MemberId", substr(x."SettledAt", 1, 7) AS "Month", 1 AS "Gave", 0 AS "Received" FROM "Exchanges" x WHERE {Counted("x")}
            UNION ALL
            SELECT x."ReceiverMemberId", substr(x."SettledAt", 1, 7), 0, 1 FROM "Exchanges" x WHERE {Counted("x")})
        GROUP BY 1, 2;
        """;

    /// <summary>Undoes <see cref="Create"/>.</summary>
    public const string Drop = """
        DROP TRIGGER IF EXISTS "Listings_ImpactCategory";
        DROP TRIGGER IF EXISTS "LedgerEntries_ImpactReversal";
        DROP TRIGGER IF EXISTS "Exchanges_ImpactDelete";
        DROP TRIGGER IF EXISTS "Exchanges_ImpactUpdate";
        DROP TRIGGER IF EXISTS "Exchanges_ImpactInsert";
        DROP TABLE IF EXISTS "ImpactMemberMonths";
        DROP TABLE IF EXISTS "ImpactMonths";
        """;
}
