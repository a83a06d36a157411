using GraphQL;
using GraphQL.DataLoader;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Listings;

/// <summary>What a page of listings refers to, one query per kind per request however long the page.</summary>
public static class ListingLoaders
{
    public static IDataLoaderResult<Member?> LoadMember(this IResolveFieldContext context, long memberId)
    {
        var services = context.RequestServices!;
        return context.DataLoaders()
            .GetOrAddBatchLoader<long, Member>("members-by-id", (ids, _) => Task.FromResult<IReadOnlyDictionary<long, Member>>(
                services.GetRequiredService<PreparedReads>().Read(MembersSql, ReadMembers, $"[{string.Join(',', ids)}]")))
            .LoadAsync(memberId);
    }

    // The page's members with their skills in one statement prepared once per connection (every list of exchanges and
    // listings names its members): the ids come as one JSON array, so the statement stays the same whatever their number.
    private static readonly string MembersSql = $"""
        SELECT {MemberColumns.Member("m")}, {MemberColumns.Skill("s")}
        FROM "Members" m
        LEFT JOIN "MemberSkills" s ON s."MemberId" = m."Id"
        WHERE m."Id" IN (SELECT "value" FROM json_each(@p0))
        ORDER BY m."Id", s."Id"
        """;

    private static Dictionary<long, Member> ReadMembers(SqliteDataReader reader)
    {
        var members = new Dictionary<long, Member>();
        Member? current = null;
        while (reader.Read())
        {
            if (current is null || current.Id != reader.GetInt64(0))
            {
                current = MemberColumns.ReadMember(reader, 0)!;
                members[current.Id] = current;
            }
            if (MemberColumns.ReadSkill(reader, MemberColumns.MemberCount) is { } skill)
            {
                current.Skills.Add(skill);
            }
        }
        return members;
    }

    public static IDataLoaderResult<Category?> LoadCategory(this IResolveFieldContext context, long categoryId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Category>("categories-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            })
            .LoadAsync(categoryId);

    public static IDataLoaderResult<Listing?> LoadListing(this IResolveFieldContext context, long listingId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Listing>("listings-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
            })
            .LoadAsync(listingId);
}
