using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>A statement as the API sent it, with its parameters.</summary>
public sealed record CapturedStatement(string Sql, List<(string Name, object Value)> Parameters);

/// <summary>Keeps the reading statements (EF Core's and the prepared reads') whose text names <paramref name="table"/> (quoted, as EF Core and the ledger write it).</summary>
public sealed class StatementCapture(string table) : DbCommandInterceptor, IPreparedReadObserver
{
    private readonly ConcurrentQueue<CapturedStatement> _seen = new();

    public void Executing(string sql, IReadOnlyList<(string Name, object Value)> parameters)
    {
        if (sql.Contains($"\"{table}\"", StringComparison.Ordinal))
        {
            _seen.Enqueue(new CapturedStatement(sql, [.. parameters]));
        }
    }

    public List<CapturedStatement> Take()
    {
        var taken = new List<CapturedStatement>();
        while (_seen.TryDequeue(out var statement))
        {
            taken.Add(statement);
        }
        return taken;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains($"\"{table}\"", StringComparison.Ordinal))
        {
            _seen.Enqueue(new CapturedStatement(command.CommandText,
                [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value))]));
        }
        return ValueTask.FromResult(result);
    }
}

/// <summary>SQLite's plan for a captured statement, on the application's own database.</summary>
public static class QueryPlans
{
    /// <summary>The lines of <c>EXPLAIN QUERY PLAN</c> (<c>SEARCH ...</c>, <c>SCAN ...</c>, ...), in order.</summary>
    public static async Task<List<string>> ExplainAsync(TimeBankApplication app, CapturedStatement statement)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeBankDbContext>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement.Sql;
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }
}
