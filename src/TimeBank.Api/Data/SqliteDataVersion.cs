using Microsoft.Data.Sqlite;
using TimeBank.GraphQL.Reuse;
using TimeBank.Ledger;

namespace TimeBank.Api.Data;

/// <summary>
/// SQLite's own count of commits, <c>PRAGMA data_version</c>, read on one query-only connection kept for it: the number
/// changes whenever any other connection commits, in this process or another (the ledger's writer, a pooled context, a
/// restore), so an answer kept under it is never reused after a write, whichever code path made the write. One
/// connection, because each connection counts for itself. Only for a database file: connections to a shared in-memory
/// database share one pager, and see no change from each other.
/// </summary>
public sealed class SqliteDataVersion(string connectionString) : IDataVersion, IDisposable
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _read;
    private bool _disposed;

    /// <summary>Whether the connection string names a database file this can follow.</summary>
    public static bool Follows(string connectionString)
    {
        var options = new SqliteConnectionStringBuilder(connectionString);
        return options.Mode != SqliteOpenMode.Memory && options.Cache != SqliteCacheMode.Shared
            && options.DataSource is not ":memory:" && !string.IsNullOrEmpty(options.DataSource)
            && !options.DataSource.StartsWith("file:", StringComparison.Ordinal);
    }

    public long Read()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _read ??= Open();
                return (long)_read.ExecuteScalar()!;
            }
            catch
            {
                // Opened afresh next time: a connection that failed is not trusted to count.
                Close();
                throw;
            }
        }
    }

    private SqliteCommand Open()
    {
        _connection = new SqliteConnection(_connectionString);
        _connection.Open();
        SqliteConnectionSettings.Apply(_connection);
        var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA query_only=1; PRAGMA cache_size=-64;";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA data_version;";
        command.Prepare();
        return command;
    }

    private void Close()
    {
        _read?.Dispose();
        _connection?.Dispose();
        (_read, _connection) = (null, null);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
        }
    }
}
