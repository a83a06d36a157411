using System.Data.Common;

namespace TimeBank.Api.Data;

/// <summary>
/// Columns read back as EF Core stores them, for the rows the prepared reads (<see cref="PreparedReads"/>) read by hand:
/// nulls as nulls, and times as UTC (SQLite keeps no kind; <see cref="UtcDateTimeConverter"/> marks EF Core's reads the same way).
/// </summary>
internal static class ColumnReads
{
    /// <summary>The columns qualified by <paramref name="alias"/>, comma-separated, in the order given (the order a reader reads them).</summary>
    public static string Qualified(string alias, params string[] columns) => string.Join(", ", columns.Select(c => $"{alias}.\"{c}\""));

    public static DateTime GetUtcDateTime(this DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? GetNullableUtcDateTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcDateTime(ordinal);

    public static string? GetNullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int? GetNullableInt32(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
