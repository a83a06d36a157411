using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TimeBank.Ledger;

namespace TimeBank.Api.Data;

/// <summary>Told of every statement <see cref="PreparedReads"/> runs (tests count and explain them; nothing in production).</summary>
public interface IPreparedReadObserver
{
    void Executing(string sql, IReadOnlyList<(string Name, object Value)> parameters);
}

/// <summary>
/// A few open, query-only SQLite connections, each keeping the statements it has prepared, for the reads every screen
/// makes (the caller's memberships and balances). Through EF Core such a read prepares its SQL anew each time, and the
/// preparing, not the reading, was most of its cost; here a statement is prepared once per connection and then only
/// reset and bound. Nothing is cached but the statement: each read is a statement of its own, so it sees every commit
/// made before it began, and a reader is always disposed (ending its read transaction) before its connection goes back.
/// </summary>
public sealed class PreparedReads(string connectionString, IEnumerable<IPreparedReadObserver> observers) : IDisposable
{
    // Not from Microsoft.Data.Sqlite's pool: these connections are query-only, and must never be handed to a writer.
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    // More than the cores, since a request's thread can be preempted holding one; past this, connections are not kept.
    private static readonly int MaxIdle = Environment.ProcessorCount * 4;

    private readonly ConcurrentBag<Lease> _idle = [];
    private readonly IPreparedReadObserver[] _observers = [.. observers];
    private volatile bool _disposed;

    /// <summary>
    /// Runs <paramref name="sql"/> with the parameters <c>@p0</c>, <c>@p1</c>, ... bound to <paramref name="values"/>
    /// (integers or text) and returns what <paramref name="read"/> makes of its rows. <paramref name="sql"/> must be
    /// a constant: it is the key of the prepared statement.
    /// </summary>
    public T Read<T>(string sql, Func<SqliteDataReader, T> read, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_observers.Length > 0)
        {
            var named = values.Select((value, i) => ($"@p{i}", value)).ToList();
            foreach (var observer in _observers)
            {
                observer.Executing(sql, named);
            }
        }
        var lease = Rent();
        try
        {
            var command = lease.Command(sql, values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }
            T result;
            using (var reader = command.ExecuteReader())
            {
                result = read(reader);
            }
            Return(lease);
            return result;
        }
        catch
        {
            // A connection that failed mid-read is not trusted again.
            lease.Dispose();
            throw;
        }
    }

    /// <summary><see cref="Read{T}"/> of every row, each made by <paramref name="row"/>, in the statement's order.</summary>
    public List<T> ReadRows<T>(string sql, Func<SqliteDataReader, T> row, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Read(sql, reader =>
        {
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(row(reader));
            }
            return rows;
        }, values);
    }

    private Lease Rent()
    {
        if (_idle.TryTake(out var lease))
        {
            return lease;
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteConnectionSettings.Apply(connection);
            // Point reads need no large cache of their own (the OS caches the file): SQLite's default 2 MB rather than the
            // writer's 32 MB, so a handful of these connections stays small.
            using var readOnly = connection.CreateCommand();
            readOnly.CommandText = "PRAGMA query_only=1; PRAGMA cache_size=-2000;";
            readOnly.ExecuteNonQuery();
            return new Lease(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Return(Lease lease)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            lease.Dispose();
            return;
        }
        _idle.Add(lease);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var lease))
        {
            lease.Dispose();
        }
    }

    private sealed class Lease(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteCommand Command(string sql, int parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                for (var i = 0; i < parameters; i++)
                {
                    // Typed at each bind from the value given.
                    command.Parameters.Add(new SqliteParameter { ParameterName = $"@p{i}" });
                }
                command.Prepare();
                _commands[sql] = command;
            }
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
            connection.Dispose();
        }
    }
}
