using Microsoft.Data.Sqlite;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Data;

/// <summary>SQLite's data version, as <see cref="SqliteDataVersion"/> reads it: it moves on every commit by another connection, and only then.</summary>
public sealed class SqliteDataVersionTests : IDisposable
{
    private readonly string _folder = TempFolder.Create();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ItMovesOnACommitByAnyOtherConnectionAndOnlyThen()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "v.db")}";
        using var writer = new SqliteConnection(connectionString + ";Pooling=False");
        writer.Open();
        Execute(writer, "PRAGMA journal_mode=wal; CREATE TABLE t (x INTEGER);");
        using var version = new SqliteDataVersion(connectionString);

        var before = Read(version);
        var unchanged = Read(version);
        Execute(writer, "INSERT INTO t VALUES (1);");
        var afterInsert = Read(version);
        Execute(writer, "BEGIN; INSERT INTO t VALUES (2); ROLLBACK;");
        var afterRollback = Read(version);
        var seen = new HashSet<long> { afterInsert };
        for (var i = 0; i < 100; i++)
        {
            Execute(writer, $"INSERT INTO t VALUES ({i});");
            Assert.True(seen.Add(Read(version)), $"commit {i} left the version where an earlier commit had it");
        }
        // A checkpoint that starts the WAL over must not bring back a version seen before it either.
        Execute(writer, "PRAGMA wal_checkpoint(TRUNCATE); INSERT INTO t VALUES (-1);");

        Assert.True(version.ReadsTheHeader);
        Assert.DoesNotContain(Read(version), seen);
        Assert.Equal(before, unchanged);
        Assert.NotEqual(before, afterInsert);
        Assert.Equal(afterInsert, afterRollback);
    }

    [Theory]
    [InlineData("Data Source=:memory:", false)]
    [InlineData("Data Source=x;Mode=Memory;Cache=Shared", false)]
    [InlineData("Data Source=x.db;Cache=Shared", false)]
    [InlineData("Data Source=/data/timebank.db", true)]
    public void ItFollowsOnlyADatabaseFile(string connectionString, bool follows) =>
        Assert.Equal(follows, SqliteDataVersion.Follows(connectionString));

    private static long Read(SqliteDataVersion version)
    {
        Assert.True(version.TryRead(out var value));
        return value;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
