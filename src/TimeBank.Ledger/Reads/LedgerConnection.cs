using System.Data.Common;
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
