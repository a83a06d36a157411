using System.Data.Common;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// An exchange row read by a prepared statement rather than through EF Core (the first page of <c>myExchanges</c>): the
/// columns to select and how they read back, stored as EF Core stores them. <c>ExchangeColumnsTests</c> compares every
/// property with EF Core's read of the same rows.
/// </summary>
internal static class ExchangeColumns
{
    private static readonly string[] Names =
    [
        "Id", "CommunityId", "ProviderMemberId", "ReceiverMemberId", "ProposedByMemberId", "ListingId", "GroupExchangeId",
        "Description", "AgreedMinutes", "ActualMinutes", "Status", "HoldId", "SettlementEntrySequence", "CompletionNote",
        "DisputeReason", "CompletedAt", "SettledAt", "ProviderRating", "ProviderFeedback", "ReceiverRating", "ReceiverFeedback",
        "CreatedAt", "UpdatedAt", "Version",
    ];

    /// <summary>The exchange's columns qualified by <paramref name="alias"/>, in the order <see cref="Read"/> reads them.</summary>
    public static string Of(string alias) => string.Join(", ", Names.Select(c => $"{alias}.\"{c}\""));

    /// <summary>The exchange whose columns start at <paramref name="first"/> in the reader's current row.</summary>
    public static Exchange Read(DbDataReader reader, int first) => new()
    {
        Id = reader.GetInt64(first),
        CommunityId = reader.GetInt64(first + 1),
        ProviderMemberId = reader.GetInt64(first + 2),
        ReceiverMemberId = reader.GetInt64(first + 3),
        ProposedByMemberId = reader.GetInt64(first + 4),
        ListingId = NullableLong(reader, first + 5),
        GroupExchangeId = NullableLong(reader, first + 6),
        Description = reader.GetString(first + 7),
        AgreedMinutes = reader.GetInt32(first + 8),
        ActualMinutes = NullableInt(reader, first + 9),
        Status = Enum.Parse<ExchangeStatus>(reader.GetString(first + 10)),
        HoldId = NullableLong(reader, first + 11),
        SettlementEntrySequence = NullableLong(reader, first + 12),
        CompletionNote = NullableString(reader, first + 13),
        DisputeReason = NullableString(reader, first + 14),
        CompletedAt = reader.IsDBNull(first + 15) ? null : MemberColumns.Utc(reader, first + 15),
        SettledAt = reader.IsDBNull(first + 16) ? null : MemberColumns.Utc(reader, first + 16),
        ProviderRating = NullableInt(reader, first + 17),
        ProviderFeedback = NullableString(reader, first + 18),
        ReceiverRating = NullableInt(reader, first + 19),
        ReceiverFeedback = NullableString(reader, first + 20),
        CreatedAt = MemberColumns.Utc(reader, first + 21),
        UpdatedAt = MemberColumns.Utc(reader, first + 22),
        Version = reader.GetInt32(first + 23),
    };

    private static long? NullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static int? NullableInt(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
