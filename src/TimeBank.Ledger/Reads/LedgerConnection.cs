using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace TimeBank.Ledger.Reads;

/// <summary>Runs raw SQL reads on a DbContext's connection (and its transaction, if one is open).</summary>
internal static class LedgerConnection
{
    public static async Task<T> ReadAsync<T>(DbContext context, Func<DbConnection, DbTransaction?, Task<T>> read, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await read(context.Database.GetDbConnection(), context.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Like <see cref="ReadAsync{T}"/>, but every query sees the same snapshot (a deferred read transaction when the context
    /// has none): a check that compares one table with another must not see a write land between its two reads. A deferred
    /// transaction that only reads never blocks the writer (WAL).
    /// </summary>
    public static async Task<T> ReadSnapshotAsync<T>(DbContext context, Func<DbConnection, DbTransaction?, Task<T>> read, CancellationToken cancellationToken)
    {
        if (context.Database.CurrentTransaction is not null)
        {
            return await ReadAsync(context, read, cancellationToken);
        }
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = context.Database.GetDbConnection();
            await using var transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            return await read(connection, transaction);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
