using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Impact;

/// <summary>
/// The figures of <c>communityImpact</c>, each an SQL aggregate over indexed rows and the monthly rollups kept by
/// triggers (<see cref="Data.ImpactRollupSql"/>), so no exchange, member or entry is loaded: four statements whatever the period, on one read snapshot so the figures agree with each other. What each
/// statement reads and which index serves it is in docs/impact.md (checked with EXPLAIN QUERY PLAN).
/// </summary>
/// <remarks>
/// An exchange counts when it settled in the period (its <c>SettledAt</c>), for the minutes it settled for; one whose
/// settlement entry a coordinator later reversed does not count anywhere, as if it never settled.
/// </remarks>
public static class CommunityImpactReads
{
    /// <summary>The figures of <paramref name="community"/> over <paramref name="period"/>.</summary>
    public static async Task<CommunityImpact> ReadAsync(TimeBankDbContext db, Community community, ImpactPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(period);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // A deferred transaction only reads: one snapshot for the four statements, never the writer's lock.
            await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(snapshot, ct);
            var exchanged = await db.Database.SqlQueryRaw<MonthCategoryRow>(ExchangedSql, Parameters(community, period)).ToListAsync(ct);
            // Read whole, not composed (Single would wrap the statement): each statement returns one row.
            var members = (await db.Database.SqlQueryRaw<MemberRow>(MembersSql, Parameters(community, period)).ToListAsync(ct)).Single();
            var gifts = await db.Database.SqlQueryRaw<GiftRow>(GiftsSql, Parameters(community, period)).ToListAsync(ct);
            var achieved = (await db.Database.SqlQueryRaw<long>(AchievedSql, Parameters(community, period)).ToListAsync(ct)).Single();
            await db.Database.UseTransactionAsync(null, ct);
            return CommunityImpact.From(period, exchanged, members, gifts, achieved);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The four statements, in the order they run, for EXPLAIN QUERY PLAN (tests and the benchmark).</summary>
    public static IReadOnlyList<string> Statements => [ExchangedSql, MembersSql, GiftsSql, AchievedSql];

    /// <summary>The parameters every statement takes. A new array per statement: a parameter belongs to one command.</summary>
    public static SqliteParameter[] Parameters(Community community, ImpactPeriod period)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(period);
        var (wholeFrom, wholeTo) = period.WholeMonths;
        var (quietWholeFrom, quietWholeTo) = period.QuietWholeMonths;
        return
        [
            new("@community", community.Id),
            new("@fundAccount", community.FundAccountId),
            new("@from", period.From),
            new("@to", period.To),
            new("@quietSince", period.QuietSince),
            new("@fromMs", new DateTimeOffset(period.From).ToUnixTimeMilliseconds()),
            new("@toMs", new DateTimeOffset(period.To).ToUnixTimeMilliseconds()),
            new("@quietSinceMs", new DateTimeOffset(period.QuietSince).ToUnixTimeMilliseconds()),
            // The whole months, from the rollups, and the partial stretches before and after them, from the exchanges.
            new("@wholeFrom", wholeFrom),
            new("@wholeTo", wholeTo),
            new("@wholeFromMonth", ImpactPeriod.Key(wholeFrom)),
            new("@wholeToMonth", ImpactPeriod.Key(wholeTo)),
            new("@head", period.From < wholeFrom),
            new("@tail", wholeTo < period.To),
            new("@quietWholeFrom", quietWholeFrom),
            new("@quietWholeTo", quietWholeTo),
            new("@quietWholeFromMonth", ImpactPeriod.Key(quietWholeFrom)),
            new("@quietWholeToMonth", ImpactPeriod.Key(quietWholeTo)),
            new("@quietHead", period.QuietSince < quietWholeFrom),
            new("@quietTail", quietWholeTo < period.To),
        ];
    }

    // The community's settlements in [from, before), grouped by month and listing, read from IX_Exchanges_Impact_Settled alone.
    private static string SettledBetween(string from, string before) => $"""
        SELECT substr(x."SettledAt", 1, 7) AS "Month", x."ListingId" AS "ListingId", SUM(x."ActualMinutes") AS "Minutes", COUNT(*) AS "Exchanges"
        FROM "Exchanges" x
        WHERE x."CommunityId" = @community AND x."SettlementEntrySequence" IS NOT NULL AND x."SettledAt" >= {from} AND x."SettledAt" < {before}
        GROUP BY 1, 2
        """;

    /// <summary>
    /// Minutes and exchanges per month and category. Whole months are the rollup's rows (ImpactMonths, kept by triggers:
    /// at most months x categories rows, reversals already out). The partial months before and after them are read as
    /// the settlements in those stretches from IX_Exchanges_Impact_Settled alone, grouped by listing, each listing's
    /// category looked up once per listing and month; reversed settlements in those stretches are found from the
    /// reversals (few; CROSS JOIN keeps SQLite from driving the other way, a seek per settlement) and taken back out.
    /// </summary>
    private static readonly string ExchangedSql = $"""
        SELECT g."Month" AS "Month", g."CategoryId" AS "CategoryId", SUM(g."Minutes") AS "Minutes", SUM(g."Exchanges") AS "Exchanges"
        FROM (
            SELECT r."Month" AS "Month", NULLIF(r."CategoryKey", 0) AS "CategoryId", r."Minutes" AS "Minutes", r."Exchanges" AS "Exchanges"
            FROM "ImpactMonths" r
            WHERE r."CommunityId" = @community AND r."Month" >= @wholeFromMonth AND r."Month" < @wholeToMonth
            UNION ALL
            SELECT p."Month", l."CategoryId", p."Minutes", p."Exchanges"
            FROM (
                {SettledBetween("@from", "@wholeFrom")}
                UNION ALL
                {SettledBetween("@wholeTo", "@to")}
                UNION ALL
                SELECT substr(x."SettledAt", 1, 7), x."ListingId", -SUM(x."ActualMinutes"), -COUNT(*)
                FROM "LedgerEntries" rv
                CROSS JOIN "Exchanges" x
                WHERE rv."ReversesSequence" IS NOT NULL AND x."SettlementEntrySequence" = rv."ReversesSequence" AND x."CommunityId" = @community
                  AND ((x."SettledAt" >= @from AND x."SettledAt" < @wholeFrom) OR (x."SettledAt" >= @wholeTo AND x."SettledAt" < @to))
                GROUP BY 1, 2
            ) p
            LEFT JOIN "Listings" l ON l."Id" = p."ListingId"
        ) g
        GROUP BY g."Month", g."CategoryId"
        HAVING SUM(g."Exchanges") <> 0
        """;

    // A settlement of the member's on one side in [since, before), not reversed: the first one found ends the search.
    private static string SettledOnSide(string side, string since, string before) => $"""
        EXISTS (SELECT 1 FROM "Exchanges" x
                WHERE x."{side}" = f."Id" AND x."SettlementEntrySequence" IS NOT NULL AND x."SettledAt" >= {since} AND x."SettledAt" < {before}
                  AND NOT EXISTS (SELECT 1 FROM "LedgerEntries" rv WHERE rv."ReversesSequence" = x."SettlementEntrySequence"))
        """;

    // Whether the whole months answered yes (a bit of the member's rollup rows), else whether a settlement on one of the
    // sides falls in a partial stretch of the window, before its whole months (head) or after them (tail). A CASE, whose
    // conditions SQLite evaluates in turn and short-circuits: the stretches are asked only when the bit is not set and
    // the stretch is not empty, so a member the rollup answers costs no seek on the exchanges.
    private static string WholeOrPartial(string bit, string windowFrom, string head, string wholeFrom, string tail, string wholeTo, params string[] sides) =>
        $"CASE WHEN (\"Bits\" & {bit}) <> 0 THEN 1 "
        + string.Concat(sides.Select(side => $"WHEN {head} AND {SettledOnSide(side, windowFrom, wholeFrom)} THEN 1 "))
        + string.Concat(sides.Select(side => $"WHEN {tail} AND {SettledOnSide(side, wholeTo, "@to")} THEN 1 "))
        + "ELSE 0 END";

    // A row of the member's in the member rollup, in the months [first, end), that says yes: a seek that stops at the first.
    private static string InWholeMonths(string yes, string first, string end) => $"""
        EXISTS (SELECT 1 FROM "ImpactMemberMonths" mm WHERE mm."MemberId" = m."Id" AND mm."Month" >= {first} AND mm."Month" < {end} AND {yes})
        """;

    /// <summary>
    /// Per member of the community (joined to its ledger account, opened on approval): whether it gave or received in
    /// the period, joined in it, and is quiet. The whole months are asked of the member rollup (ImpactMemberMonths, kept
    /// by triggers, reversals already out): three seeks per member, each stopping at the first row that says yes, kept
    /// as bits; only a question the whole months leave open, with a partial month to ask, seeks the settlements on
    /// IX_Exchanges_Impact_Provider or _Receiver. MATERIALIZED: flattened, SQLite would
    /// ask the rollup once per flag and each flag once per sum that names it.
    /// </summary>
    private static readonly string MembersSql = $"""
        WITH "Rolled" AS MATERIALIZED (
            SELECT m."Id" AS "Id", m."Status" AS "Status", a."OpenedAtUnixMs" AS "OpenedAtUnixMs",
                   {InWholeMonths("mm.\"Gave\" > 0", "@wholeFromMonth", "@wholeToMonth")}
                   | ({InWholeMonths("mm.\"Received\" > 0", "@wholeFromMonth", "@wholeToMonth")} << 1)
                   | ({InWholeMonths("(mm.\"Gave\" > 0 OR mm.\"Received\" > 0)", "@quietWholeFromMonth", "@quietWholeToMonth")} << 2) AS "Bits"
            FROM "Members" m
            JOIN "LedgerAccounts" a ON a."Id" = m."AccountId"
            WHERE m."CommunityId" = @community),
        "Flags" AS MATERIALIZED (
            SELECT {WholeOrPartial("1", "@from", "@head", "@wholeFrom", "@tail", "@wholeTo", "ProviderMemberId")} AS "Gave",
                   {WholeOrPartial("2", "@from", "@head", "@wholeFrom", "@tail", "@wholeTo", "ReceiverMemberId")} AS "Received",
                   f."OpenedAtUnixMs" >= @fromMs AND f."OpenedAtUnixMs" < @toMs AS "Joined",
                   CASE WHEN f."Status" = '{nameof(MemberStatus.Active)}' AND f."OpenedAtUnixMs" <= @quietSinceMs
                        THEN 1 - {WholeOrPartial("4", "@quietSince", "@quietHead", "@quietWholeFrom", "@quietTail", "@quietWholeTo", "ProviderMemberId", "ReceiverMemberId")}
                        ELSE 0 END AS "Quiet"
            FROM "Rolled" f)
        SELECT COALESCE(SUM("Gave" OR "Received"), 0) AS "Active", COALESCE(SUM("Gave"), 0) AS "Givers",
               COALESCE(SUM("Received"), 0) AS "Receivers", COALESCE(SUM("Gave" AND "Received"), 0) AS "Reciprocal",
               COALESCE(SUM("Joined"), 0) AS "Joined", COALESCE(SUM("Quiet"), 0) AS "Quiet"
        FROM "Flags"
        """;

    /// <summary>
    /// Donations and contributions: the postings of the community's fund and of its challenges' pools recorded in the
    /// period (a range of the postings' (AccountId, EntrySequence) index, the period cut into sequences by the entries'
    /// RecordedAt index), a donation as what the fund or a pool received, a contribution as what a pool paid out.
    /// Reversed ones do not count.
    /// </summary>
    private const string GiftsSql = """
        WITH "Cut" AS (
            SELECT COALESCE((SELECT "Sequence" FROM "LedgerEntries" WHERE "RecordedAtUnixMs" < @fromMs
                             ORDER BY "RecordedAtUnixMs" DESC, "Sequence" DESC LIMIT 1), 0) AS "After",
                   COALESCE((SELECT "Sequence" FROM "LedgerEntries" WHERE "RecordedAtUnixMs" < @toMs
                             ORDER BY "RecordedAtUnixMs" DESC, "Sequence" DESC LIMIT 1), 0) AS "Through"),
        "Collective" AS (
            SELECT @fundAccount AS "Id"
            UNION SELECT "PoolAccountId" FROM "Challenges" WHERE "CommunityId" = @community AND "PoolAccountId" IS NOT NULL)
        SELECT e."Kind" AS "Kind", SUM(p."AmountMinutes") AS "Minutes", COUNT(*) AS "Entries"
        FROM "Collective" c, "Cut"
        JOIN "LedgerPostings" p ON p."AccountId" = c."Id" AND p."EntrySequence" > "Cut"."After" AND p."EntrySequence" <= "Cut"."Through"
        JOIN "LedgerEntries" e ON e."Sequence" = p."EntrySequence"
        WHERE ((e."Kind" = 'Donation' AND p."Side" = 'Credit') OR (e."Kind" = 'Contribution' AND p."Side" = 'Debit'))
          AND NOT EXISTS (SELECT 1 FROM "LedgerEntries" r WHERE r."ReversesSequence" = e."Sequence")
        GROUP BY e."Kind"
        """;

    /// <summary>
    /// Challenges achieved in the period: ACHIEVED or CLOSED now, with an achieving step on their timeline in the
    /// period (a challenge closed without being achieved has none). The community's challenges by status, then each
    /// one's timeline, on their (CommunityId, Status, Id) and (ChallengeId, Id) indexes.
    /// </summary>
    private const string AchievedSql = """
        SELECT COUNT(*) AS "Value" FROM "Challenges" c
        WHERE c."CommunityId" = @community AND c."Status" IN ('Achieved', 'Closed')
          AND EXISTS (SELECT 1 FROM "ChallengeTransitions" t
                      WHERE t."ChallengeId" = c."Id" AND t."ToStatus" = 'Achieved' AND t."At" >= @from AND t."At" < @to)
        """;
}

/// <summary>Minutes and exchanges of one month (<c>"2026-12"</c>) and category (null: direct exchanges, without a listing).</summary>
public sealed class MonthCategoryRow
{
    public required string Month { get; init; }

    public long? CategoryId { get; init; }

    public long Minutes { get; init; }

    public long Exchanges { get; init; }
}

/// <summary>How many of the community's members fall under each figure.</summary>
public sealed class MemberRow
{
    public long Active { get; init; }

    public long Givers { get; init; }

    public long Receivers { get; init; }

    public long Reciprocal { get; init; }

    public long Joined { get; init; }

    public long Quiet { get; init; }
}

/// <summary>Minutes and entries of one entry kind (Donation or Contribution).</summary>
public sealed class GiftRow
{
    public required string Kind { get; init; }

    public long Minutes { get; init; }

    public long Entries { get; init; }
}
