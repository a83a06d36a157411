using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Identity;

public static class IdentityQueries
{
    public static void AddIdentityQueries(this ObjectGraphType query) =>
        query.Field<UserType>("me")
            .Description("The signed-in user with their memberships; null when the request carries no valid access token.")
            .ResolveAsync(async ctx =>
            {
                if (ctx.Caller().UserId is not { } userId)
                {
                    return null;
                }
                if (CallerMemberships.AppliesTo(ctx))
                {
                    // The user, memberships and accounts in one read that the fields below share.
                    var read = await CallerMemberships.Load(ctx).GetResultAsync(ctx.CancellationToken);
                    return read.User is { ErasedAt: null } user ? user : null;
                }
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ctx.CancellationToken);
            });
}
