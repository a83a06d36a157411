using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger;

/// <summary>How every DbContext that maps the ledger opens SQLite.</summary>
public static class LedgerSqlite
{
    private static readonly LedgerImmutabilityInterceptor Immutability = new();

    /// <summary>
    /// SQLite at <paramref name="connectionString"/> with <see cref="SqliteConnectionSettings"/> and the
    /// <see cref="LedgerImmutabilityInterceptor"/>; a host adds its own interceptors after these.
    /// </summary>
    public static DbContextOptionsBuilder UseLedgerSqlite(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance, Immutability);
    }

    /// <inheritdoc cref="UseLedgerSqlite(DbContextOptionsBuilder, string)"/>
    public static DbContextOptionsBuilder<TContext> UseLedgerSqlite<TContext>(this DbContextOptionsBuilder<TContext> options, string connectionString)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseLedgerSqlite((DbContextOptionsBuilder)options, connectionString);
}
