using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Communities;

public static class CommunityQueries
{
    public static void AddCommunityQueries(this ObjectGraphType query) =>
        query.Field<CommunityType>("community")
            .Description("A community by its slug; null when there is none.")
            .Argument<NonNullGraphType<StringGraphType>>("slug", "The community's slug, e.g. \"riverside\" (up to 64 characters).", a => a.MaxLength(64))
            .ResolveAsync(async ctx =>
            {
                var slug = ctx.GetArgument<string>("slug");
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ctx.CancellationToken);
            });
}
