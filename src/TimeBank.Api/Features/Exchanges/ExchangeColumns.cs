using System.Data.Common;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// An exchange row read by a prepared statement rather than through EF Core (the first page of <c>myExchanges</c>, and the
/// exchange a step loads in <see cref="ExchangeAccess"/>): the columns to select and how they read back, stored as EF Core
/// stores them. <c>MyExchangesFirstPageTests</c> compares every property with EF Core's read of the same rows.
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

    /// <summary>How many columns <see cref="Of"/> names.</summary>
    public static readonly int Count = Names.Length;

    /// <summary>The exchange's columns qualified by <paramref name="alias"/>, in the order <see cref="Read"/> reads them.</summary>
    public static string Of(string alias) => ColumnReads.Qualified(alias, Names);

    /// <summary>The exchange whose columns start at <paramref name="first"/> in the reader's current row.</summary>
    public static Exchange Read(DbDataReader reader, int first) => new()
    {
        Id = reader.GetInt64(first),
        CommunityId = reader.GetInt64(first + 1),
        ProviderMemberId = reader.GetInt64(first + 2),
        ReceiverMemberId = reader.GetInt64(first + 3),
        ProposedByMemberId = reader.GetInt64(first + 4),
        ListingId = reader.GetNullableInt64(first + 5),
        GroupExchangeId = reader.GetNullableInt64(first + 6),
        Description = reader.GetString(first + 7),
        AgreedMinutes = reader.GetInt32(first + 8),
        ActualMinutes = reader.GetNullableInt32(first + 9),
        Status = Enum.Parse<ExchangeStatus>(reader.GetString(first + 10)),
        HoldId = reader.GetNullableInt64(first + 11),
        SettlementEntrySequence = reader.GetNullableInt64(first + 12),
        CompletionNote = reader.GetNullableString(first + 13),
        DisputeReason = reader.GetNullableString(first + 14),
        CompletedAt = reader.GetNullableUtcDateTime(first + 15),
        SettledAt = reader.GetNullableUtcDateTime(first + 16),
        ProviderRating = reader.GetNullableInt32(first + 17),
        ProviderFeedback = reader.GetNullableString(first + 18),
        ReceiverRating = reader.GetNullableInt32(first + 19),
        ReceiverFeedback = reader.GetNullableString(first + 20),
        CreatedAt = reader.GetUtcDateTime(first + 21),
        UpdatedAt = reader.GetUtcDateTime(first + 22),
        Version = reader.GetInt32(first + 23),
    };
}
