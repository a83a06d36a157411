using System.Data.Common;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// A member row and its skill rows read by a prepared statement rather than through EF Core (<see cref="CallerMemberships"/>):
/// the columns to select and how they read back, stored as EF Core stores them (enums as their names, roles as an
/// integer, times as UTC text). <c>MemberColumnsTests</c> compares every property with EF Core's read of the same row.
/// </summary>
internal static class MemberColumns
{
    /// <summary>How many columns <see cref="Member"/> names.</summary>
    public const int MemberCount = 17;

    /// <summary>How many columns <see cref="Step"/> names.</summary>
    public const int StepCount = 7;

    /// <summary>How many columns <see cref="Skill"/> names.</summary>
    public const int SkillCount = 4;

    /// <summary>The member's columns qualified by <paramref name="alias"/>, in the order <see cref="ReadMember"/> reads them.</summary>
    public static string Member(string alias) => ColumnReads.Qualified(alias,
        "Id", "CommunityId", "UserId", "DisplayName", "Bio", "Neighbourhood", "Availability", "BioVisibility", "NeighbourhoodVisibility",
        "SkillsVisibility", "AvailabilityVisibility", "Status", "Roles", "AccountId", "JoiningGrantEntrySequence", "AppliedAt", "ErasedAt");

    /// <summary>
    /// The member's columns that exchange steps use (those of <c>ExchangeAccess.StepColumns</c>), qualified by
    /// <paramref name="alias"/>, in the order <see cref="ReadStep"/> reads them.
    /// </summary>
    public static string Step(string alias) => ColumnReads.Qualified(alias, "Id", "CommunityId", "UserId", "DisplayName", "Status", "Roles", "AccountId");

    /// <summary>The skill's columns qualified by <paramref name="alias"/>, in the order <see cref="ReadSkill"/> reads them.</summary>
    public static string Skill(string alias) => ColumnReads.Qualified(alias, "Id", "MemberId", "CategoryId", "Tag");

    /// <summary>The member whose columns start at <paramref name="first"/>, or null when an outer join found none.</summary>
    public static Member? ReadMember(DbDataReader reader, int first) => reader.IsDBNull(first) ? null : new Member
    {
        Id = reader.GetInt64(first),
        CommunityId = reader.GetInt64(first + 1),
        UserId = reader.GetInt64(first + 2),
        DisplayName = reader.GetString(first + 3),
        Bio = reader.GetNullableString(first + 4),
        Neighbourhood = reader.GetNullableString(first + 5),
        Availability = reader.GetNullableString(first + 6),
        BioVisibility = Enum.Parse<Visibility>(reader.GetString(first + 7)),
        NeighbourhoodVisibility = Enum.Parse<Visibility>(reader.GetString(first + 8)),
        SkillsVisibility = Enum.Parse<Visibility>(reader.GetString(first + 9)),
        AvailabilityVisibility = Enum.Parse<Visibility>(reader.GetString(first + 10)),
        Status = Enum.Parse<MemberStatus>(reader.GetString(first + 11)),
        Roles = (MemberRoles)reader.GetInt64(first + 12),
        AccountId = reader.GetNullableInt64(first + 13),
        JoiningGrantEntrySequence = reader.GetNullableInt64(first + 14),
        AppliedAt = reader.GetUtcDateTime(first + 15),
        ErasedAt = reader.GetNullableUtcDateTime(first + 16),
    };

    /// <summary>The member's <see cref="Step"/> columns starting at <paramref name="first"/>, or null when an outer join found none.</summary>
    public static Member? ReadStep(DbDataReader reader, int first) => reader.IsDBNull(first) ? null : new Member
    {
        Id = reader.GetInt64(first),
        CommunityId = reader.GetInt64(first + 1),
        UserId = reader.GetInt64(first + 2),
        DisplayName = reader.GetString(first + 3),
        Status = Enum.Parse<MemberStatus>(reader.GetString(first + 4)),
        Roles = (MemberRoles)reader.GetInt64(first + 5),
        AccountId = reader.GetNullableInt64(first + 6),
    };

    /// <summary>The skill whose columns start at <paramref name="first"/>, or null when an outer join found none.</summary>
    public static MemberSkill? ReadSkill(DbDataReader reader, int first) => reader.IsDBNull(first) ? null : new MemberSkill
    {
        Id = reader.GetInt64(first),
        MemberId = reader.GetInt64(first + 1),
        CategoryId = reader.GetNullableInt64(first + 2),
        Tag = reader.GetNullableString(first + 3),
    };
}
