using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TimeBank.Api.Data;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>Counts the SQL commands the API sends (through EF Core or its prepared reads), so a test can show a query costs a constant number of them.</summary>
/// <remarks>
/// The outbox dispatcher wakes on every commit and reads the outbox on its own task; those statements are
/// not the request's, so they are left out of the count.
/// </remarks>
public sealed class SqlStatementCounter : DbCommandInterceptor, IPreparedReadObserver
{
    public void Executing(string sql, IReadOnlyList<(string Name, object Value)> parameters) => Interlocked.Increment(ref _count);

    private int _count;

    private void Count(DbCommand command)
    {
        if (!command.CommandText.Contains("\"Outbox\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public int Total => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }
}
