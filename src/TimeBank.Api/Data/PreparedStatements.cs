using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Data;

/// <summary>
/// Statements prepared once per connection and kept with it, for the rows written beside a ledger entry
/// on the ledger writer's long-lived connection, inside its transaction. Every settlement waits on that one
/// thread, and there EF Core's change tracking and SaveChanges cost several times the ledger's own work.
/// Reads and ordinary writes stay with EF Core (docs/exchanges.md, "EF Core or prepared statements"). The only way to
/// them is <see cref="SubmitAsync"/>'s callback: nothing else can write past EF Core, nor outside the writer's transaction.
/// </summary>
public sealed class PreparedStatements
{
    private static readonly ConditionalWeakTable<DbConnection, PreparedStatements> ByConnection = [];

    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = [];
    private DbTransaction? _transaction;

    /// <summary>Events added by the running callback, written when it ends (<see cref="OutboxWriter.WritePending"/>).</summary>
    internal List<OutboxMessage> PendingEvents { get; } = [];

    private PreparedStatements(DbConnection connection) => _connection = connection;

    /// <summary>
    /// Submits <paramref name="command"/> to the ledger writer; <paramref name="alongside"/> runs as the writer's
    /// <c>alongside</c> callback (only when the command is accepted for the first time, inside its transaction) and
    /// writes its rows with the statements it is given. Every API write of a ledger entry passes here, and here the
    /// entry's <see cref="LedgerEntryPosted"/> event is written beside it, so no use case can forget it.
    /// </summary>
    public static Task<LedgerResult> SubmitAsync(
        LedgerWriter<TimeBankDbContext> ledger, LedgerCommand command, Func<PreparedStatements, LedgerResult, Task> alongside, TimeProvider clock,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(alongside);
        return ledger.SubmitAsync(command, async (tx, written, _) =>
        {
            var statements = Of(tx);
            try
            {
                await alongside(statements, written);
                LedgerEntryPosted.Tell(statements, written, clock);
                OutboxWriter.WritePending(statements);
            }
            finally
            {
                // A callback that failed is undone with its savepoint; its events must not reach the next item's statement.
                statements.PendingEvents.Clear();
            }
        }, ct);
    }

    /// <summary>The statements of the writer context's connection, bound to the transaction it has open.</summary>
    private static PreparedStatements Of(DbContext context)
    {
        var transaction = context.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Prepared writes run inside the ledger writer's transaction; this context has none open.");
        var statements = ByConnection.GetValue(transaction.Connection!, connection => new PreparedStatements(connection));
        statements._transaction = transaction;
        return statements;
    }

    /// <summary>Runs a statement; <paramref name="values"/> come in the same order on every call with this SQL.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> values) => Bind(sql, values).ExecuteNonQuery();

    /// <summary>Runs a statement that returns one value, such as <c>INSERT ... RETURNING "Id"</c>.</summary>
    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> values) => Bind(sql, values).ExecuteScalar();

    private DbCommand Bind(string sql, ReadOnlySpan<(string Name, object? Value)> values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            _commands.Add(sql, command);
        }
        command.Transaction = _transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i].Value ?? DBNull.Value;
        }
        return command;
    }
}
