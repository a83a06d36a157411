using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TimeBank.Api.Data;

public static class DbUpdateExceptionExtensions
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when a unique index or key refused the write (another row got there first).</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) => ex.InnerException is SqliteException
    {
        SqliteErrorCode: SqliteConstraint,
        SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey,
    };
}
