using System.Data.Common;

namespace TimeBank.Ledger.Model;

/// <summary>
/// An account read by a caller's own SQL rather than through EF Core: the columns to select and how to read them back,
/// kept here beside the mapping (<c>LedgerAccountConfiguration</c>) so the read model stays the ledger's.
/// </summary>
public sealed partial class LedgerAccount
{
    /// <summary>How many columns <see cref="Columns"/> names, in the order <see cref="Read"/> reads them.</summary>
    public const int ColumnCount = 14;

    private static readonly string[] ColumnNames =
    [
        "Id", "LedgerGroup", "Code", "Kind", "Status", "FloorMinutes", "CeilingMinutes", "DebitsPostedMinutes",
        "CreditsPostedMinutes", "DebitsPendingMinutes", "CreditsPendingMinutes", "Version", "OpenedAtUnixMs", "ClosedAtUnixMs",
    ];

    /// <summary>The account's columns qualified by <paramref name="alias"/>, comma-separated.</summary>
    public static string Columns(string alias) => string.Join(", ", ColumnNames.Select(column => $"{alias}.\"{column}\""));

    /// <summary>
    /// The account whose <see cref="Columns"/> start at <paramref name="first"/> in the reader's current row, or null when
    /// they are all null (an outer join that found no account).
    /// </summary>
    public static LedgerAccount? Read(DbDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(first))
        {
            return null;
        }
        return new LedgerAccount
        {
            Id = reader.GetInt64(first),
            LedgerGroup = reader.GetString(first + 1),
            Code = reader.GetString(first + 2),
            Kind = Enum.Parse<AccountKind>(reader.GetString(first + 3)),
            Status = Enum.Parse<AccountStatus>(reader.GetString(first + 4)),
            FloorMinutes = reader.IsDBNull(first + 5) ? null : reader.GetInt64(first + 5),
            CeilingMinutes = reader.IsDBNull(first + 6) ? null : reader.GetInt64(first + 6),
            DebitsPostedMinutes = reader.GetInt64(first + 7),
            CreditsPostedMinutes = reader.GetInt64(first + 8),
            DebitsPendingMinutes = reader.GetInt64(first + 9),
            CreditsPendingMinutes = reader.GetInt64(first + 10),
            Version = reader.GetInt64(first + 11),
            OpenedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 12)),
            ClosedAt = reader.IsDBNull(first + 13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 13)),
        };
    }
}
