using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Impact;

namespace TimeBank.Api.Tests.Features.Impact;

/// <summary>
/// Each of communityImpact's statements reads through the index docs/impact.md says it does (EXPLAIN QUERY PLAN), and
/// none scans a whole table: a change to a statement or an index that loses its plan fails here, not in production.
/// </summary>
[Collection(ImpactFixture.Collection)]
public sealed class CommunityImpactPlanTests(ImpactFixture impact)
{
    public static TheoryData<int, string[]> Plans() => new()
    {
        // exchanged: whole months from the rollup's primary key; the partial months' settlements from the covering index;
        // reversals first, then their exchange.
        { 0, ["SEARCH r USING PRIMARY KEY (CommunityId=? AND Month>? AND Month<?)",
              "SEARCH x USING COVERING INDEX IX_Exchanges_Impact_Settled (CommunityId=? AND SettledAt>? AND SettledAt<?)",
              "SEARCH rv USING COVERING INDEX IX_LedgerEntries_ReversesSequence", "SEARCH x USING INDEX IX_Exchanges_SettlementEntrySequence",
              "SEARCH l USING INTEGER PRIMARY KEY"] },
        // members: the community's members, each one's rollup rows by primary key, the partial months a seek on a side of the settlements.
        { 1, ["SEARCH m USING INDEX IX_Members_CommunityId_UserId", "SEARCH mm USING PRIMARY KEY (MemberId=? AND Month>? AND Month<?)",
              "SEARCH x USING COVERING INDEX IX_Exchanges_Impact_Provider (ProviderMemberId=? AND SettledAt>? AND SettledAt<?)",
              "SEARCH x USING COVERING INDEX IX_Exchanges_Impact_Receiver (ReceiverMemberId=? AND SettledAt>? AND SettledAt<?)",
              "MATERIALIZE Rolled", "MATERIALIZE Flags"] },
        // gifts: the period cut into sequences, then the fund's and pools' postings in that range.
        { 2, ["SEARCH LedgerEntries USING COVERING INDEX IX_LedgerEntries_RecordedAtUnixMs",
              "SEARCH p USING INDEX IX_LedgerPostings_AccountId_EntrySequence (AccountId=? AND EntrySequence>? AND EntrySequence<?)"] },
        // achieved: the community's challenges by status, each one's timeline.
        { 3, ["SEARCH c USING COVERING INDEX IX_Challenges_CommunityId_Status_Id", "SEARCH t EXISTS USING INDEX IX_ChallengeTransitions_ChallengeId_Id"] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task EachStatementSeeksItsIndexesAndScansNoTable(int statement, string[] expected)
    {
        await using var db = await impact.CreateDbContextAsync();
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == "impact");
        var period = ImpactPeriod.Of(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 15, 0, 0, 0, DateTimeKind.Utc));
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + CommunityImpactReads.Statements[statement];
        command.Parameters.AddRange(CommunityImpactReads.Parameters(community, period));
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var text = string.Join("\n", plan);
        Assert.All(expected, step => Assert.True(text.Contains(step, StringComparison.Ordinal), $"{step} is not in\n{text}"));
        // A scan of a real table (not of a constant row or of the statement's own intermediate results) reads all of it.
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("CONSTANT ROW", StringComparison.Ordinal)
            && step is not ("SCAN g" or "SCAN p" or "SCAN f" or "SCAN Flags" or "SCAN Cut" or "SCAN c"));
    }
}
