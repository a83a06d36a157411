using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Limits;

namespace TimeBank.Api.Features.Identity;

/// <summary>The <c>User</c> type: a login, seen by itself (and by deployment admins).</summary>
public sealed class UserType : ObjectGraphType<User>
{
    public UserType()
    {
        Name = "User";
        Description = "A login. One user may be a member of several communities. Only the user themself (and deployment admins) see a user.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The user's opaque ID.")
            .Resolve(ctx => TimeBank.GraphQL.Relay.GlobalId.Encode("User", ctx.Source.Id));
        Field<StringGraphType>("email").Description("The login email; null once erased.").Resolve(ctx => ctx.Source.Email);
        Field<NonNullGraphType<BooleanGraphType>>("isAdmin").Description("Whether the user administers this deployment.")
            .Resolve(ctx => ctx.Source.IsAdmin);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the user registered (UTC).")
            .Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberType>>>>("memberships")
            .Description("The user's memberships, in every community and status, oldest first.")
            .ResolveAsync(async ctx =>
            {
                if (ctx.Source.Id == ctx.Caller().UserId && CallerMemberships.AppliesTo(ctx))
                {
                    return (await CallerMemberships.Load(ctx).GetResultAsync(ctx.CancellationToken)).Memberships;
                }
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Members.AsNoTracking().Include(m => m.Skills)
                    .Where(m => m.UserId == ctx.Source.Id).OrderBy(m => m.Id).ToListAsync(ctx.CancellationToken);
            })
            .MaxItems(ListBounds.MembershipsPerUser);
    }
}
