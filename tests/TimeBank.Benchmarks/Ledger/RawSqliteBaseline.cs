using Microsoft.Data.Sqlite;
using TimeBank.Ledger;

namespace TimeBank.Benchmarks.Ledger;

/// <summary>
/// The floor to compare against: the same rows a transfer writes (one entry, two postings, two account
/// updates) inserted with plain Microsoft.Data.Sqlite, one transaction per transfer, no checks, no hashing.
/// </summary>
internal sealed class RawSqliteBaseline(string connectionString) : IDisposable
{
    private readonly SqliteConnection _connection = Open(connectionString);
    private long _sequence;

    public static void CreateSchema(string connectionString)
    {
        using var connection = Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE accounts (id INTEGER PRIMARY KEY, debits INTEGER NOT NULL, credits INTEGER NOT NULL, version INTEGER NOT NULL);
            CREATE TABLE entries (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, recorded INTEGER NOT NULL, actor TEXT NOT NULL, key TEXT NOT NULL UNIQUE, hash TEXT NOT NULL);
            CREATE TABLE postings (seq INTEGER NOT NULL, idx INTEGER NOT NULL, account INTEGER NOT NULL, side TEXT NOT NULL, amount INTEGER NOT NULL, balance INTEGER NOT NULL, PRIMARY KEY (seq, idx));
            CREATE UNIQUE INDEX postings_account ON postings (account, seq);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
            INSERT INTO accounts SELECT i, 0, 0, 0 FROM n;
            """;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        SqliteConnectionSettings.Apply(connection);
        return connection;
    }

    public void Transfer(long debit, long credit, long minutes, string key)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO entries (seq, kind, recorded, actor, key, hash)
              VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM entries), 'Exchange', @now, 'bench', @key, @key);
            INSERT INTO postings VALUES (last_insert_rowid(), 0, @debit, 'Debit', @minutes, 0);
            INSERT INTO postings VALUES ((SELECT MAX(seq) FROM entries), 1, @credit, 'Credit', @minutes, 0);
            UPDATE accounts SET debits = debits + @minutes, version = version + 1 WHERE id = @debit;
            UPDATE accounts SET credits = credits + @minutes, version = version + 1 WHERE id = @credit;
            """;
        command.Parameters.AddWithValue("@now", Interlocked.Increment(ref _sequence));
        command.Parameters.AddWithValue("@key", key);
        command.Parameters.AddWithValue("@debit", debit);
        command.Parameters.AddWithValue("@credit", credit);
        command.Parameters.AddWithValue("@minutes", minutes);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();
}
