using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Features.Audit;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The audit trail is append-only in SQLite itself: raw SQL on the database file can neither change nor delete a
/// record. The one change allowed is an erasure's: a reason set to NULL, nothing else. To cover a new column, add it to
/// <see cref="Changes"/>.
/// </summary>
public sealed class AuditTrailImmutabilityTests(AuditTrailFixture bank) : IClassFixture<AuditTrailFixture>
{
    public static TheoryData<string> Changes() =>
    [
        """UPDATE "AuditRecords" SET "Action" = 'member.approve'""",
        """UPDATE "AuditRecords" SET "ActorUserId" = "ActorUserId" + 1""",
        """UPDATE "AuditRecords" SET "PrincipalMemberId" = NULL""",
        """UPDATE "AuditRecords" SET "CommunityId" = NULL""",
        """UPDATE "AuditRecords" SET "SubjectType" = 'community'""",
        """UPDATE "AuditRecords" SET "SubjectId" = "SubjectId" + 1""",
        """UPDATE "AuditRecords" SET "BeforeJson" = '{}'""",
        """UPDATE "AuditRecords" SET "AfterJson" = NULL""",
        """UPDATE "AuditRecords" SET "RecordedAt" = '2000-01-01 00:00:00'""",
        """UPDATE "AuditRecords" SET "Reason" = 'another reason'""",
        """UPDATE "AuditRecords" SET "Reason" = NULL, "Action" = 'member.approve'""",
        """DELETE FROM "AuditRecords" """,
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task RawSqlCannotChangeOrDeleteARecord(string sql)
    {
        await bank.OkAsync("coordinator", "suspendMember", new { memberId = bank.Member("sam"), reason = "for the test" });
        var before = await SnapshotAsync();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;

        var refused = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("audit records are immutable", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AnErasureMayClearAReasonAndNothingElse()
    {
        await bank.OkAsync("coordinator", "suspendMember", new { memberId = bank.Member("nina"), reason = "to be erased" });
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "AuditRecords" SET "Reason" = NULL WHERE "Reason" = 'to be erased'""";

        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(bank.App.DataDirectory, "timebank.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = await bank.CreateDbContextAsync();
        return string.Join('\n', db.AuditRecords.OrderBy(r => r.Id).AsEnumerable().Select(r =>
            $"{r.Id}|{r.CommunityId}|{r.Action}|{r.ActorUserId}|{r.PrincipalMemberId}|{r.SubjectType}|{r.SubjectId}|{r.Reason}|{r.BeforeJson}|{r.AfterJson}|{r.RecordedAt:O}"));
    }
}
