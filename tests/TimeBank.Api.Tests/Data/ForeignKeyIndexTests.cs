using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Data;

/// <summary>
/// The foreign keys left without an index (Data/Configurations/ForeignKeyIndexes.cs): the key still holds in the
/// database, only the index EF Core would add by convention is gone from the settlement path's tables.
/// </summary>
public sealed class ForeignKeyIndexTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("Exchanges", "ProposedByMemberId", "Members")]
    [InlineData("ExchangeTransitions", "ActorUserId", "Users")]
    [InlineData("ExchangeTransitions", "PrincipalMemberId", "Members")]
    public void TheKeyHoldsWithoutAnIndexOfItsOwn(string table, string column, string parent)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_database.Folder, "timebank.db")};Pooling=False");
        connection.Open();

        Assert.Contains((column, parent), Rows(connection, $"SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"));
        var leadingColumns = Rows(connection, $"""
            SELECT i.name, c.name FROM pragma_index_list('{table}') i, pragma_index_info(i.name) c WHERE c.seqno = 0
            """);
        Assert.DoesNotContain(leadingColumns, index => index.Second == column);
        // The others of the table keep theirs, so the query above does see indexes.
        Assert.NotEmpty(leadingColumns);
    }

    private static List<(string First, string Second)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
