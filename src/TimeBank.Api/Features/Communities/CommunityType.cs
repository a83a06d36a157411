using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Communities;

/// <summary>The <c>Community</c> type: a time bank, its rules and its taxonomy.</summary>
public sealed class CommunityType : ObjectGraphType<Community>
{
    public CommunityType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Community";
        Description = "A time bank: its members exchange hours under its policy.";
        this.IsNode(c => c.Id, async (ids, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await db.Communities.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        });
        Field(c => c.Slug).Description("The community's short, URL-safe, unique name.");
        Field(c => c.Name).Description("The community's display name.");
        Field(c => c.TimeZone).Description("The IANA time zone the community lives in, for showing local dates.");
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the community was created (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<CommunityPolicyType>>("policy").Description("The rules in force (the latest version).")
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.CreateDbContextAsync();
                return await db.CommunityPolicies.AsNoTracking()
                    .SingleAsync(p => p.CommunityId == ctx.Source.Id && p.Version == ctx.Source.PolicyVersion, ctx.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryType>>>>("categories")
            .Description("The skill taxonomy, by name.")
            .Argument<BooleanGraphType>("includeArchived", "Include archived categories too.", a => a.DefaultValue = false)
            .ResolveAsync(async ctx =>
            {
                var includeArchived = ctx.GetArgument<bool>("includeArchived");
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Categories.AsNoTracking()
                    .Where(c => c.CommunityId == ctx.Source.Id && (includeArchived || !c.IsArchived))
                    .OrderBy(c => c.Name).ToListAsync(ctx.CancellationToken);
            })
            .MaxItems(ListBounds.CategoriesPerCommunity);
        Field<MemberType>("viewerMembership").Description("The signed-in user's membership here, in any status; null when none.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.Id).Then(roles => roles.Membership));
        Field<AccountType>("fundAccount").Description("The community fund; coordinators and auditors only, null for others.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.Id).Then(roles => roles.IsCoordinator || roles.IsAuditor
                ? ctx.LoadAccount(ctx.Source.FundAccountId)
                : DataLoaderResults.FromValue<TimeBank.Ledger.Model.LedgerAccount?>(null)));
        Field<AccountType>("issuanceAccount")
            .Description("The account grants and opening balances come from (its balance is minus the hours issued); coordinators and auditors only, null for others.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.Id).Then(roles => roles.IsCoordinator || roles.IsAuditor
                ? ctx.LoadAccount(ctx.Source.IssuanceAccountId)
                : DataLoaderResults.FromValue<TimeBank.Ledger.Model.LedgerAccount?>(null)));
    }
}

public sealed class CommunityPolicyType : ObjectGraphType<CommunityPolicy>
{
    public CommunityPolicyType()
    {
        Name = "CommunityPolicy";
        Description = "One version of a community's rules. Changing a rule adds a version; ledger entries record the version that applied.";
        Field(p => p.Version).Description("The version number, from 1.");
        Field<NonNullGraphType<IntGraphType>>("floorMinutes").Description("The lowest balance a member may reach (negative: hours owed).")
            .Resolve(ctx => checked((int)ctx.Source.FloorMinutes));
        Field<NonNullGraphType<IntGraphType>>("ceilingMinutes").Description("The highest balance a member may reach.")
            .Resolve(ctx => checked((int)ctx.Source.CeilingMinutes));
        Field<NonNullGraphType<IntGraphType>>("joiningGrantMinutes").Description("Minutes a new member receives on approval.")
            .Resolve(ctx => checked((int)ctx.Source.JoiningGrantMinutes));
        Field(p => p.AutoAcknowledgeDays).Description("Days after which an unanswered completed exchange settles by itself.");
        Field(p => p.RequiresApproval).Description("Whether a coordinator approves new members.");
        Field(p => p.AllowsDirectRecording).Description("Whether a receiver may record an exchange that already happened, settled at once.");
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When this version took effect (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
    }
}

public sealed class CategoryType : ObjectGraphType<Category>
{
    public CategoryType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Category";
        Description = "A skill category of a community's taxonomy.";
        this.IsNode(c => c.Id, async (ids, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        });
        Field(c => c.Slug).Description("Stable, URL-safe, unique within the community.");
        Field(c => c.Name).Description("The category's display name.");
        Field(c => c.Description, nullable: true).Description("What kinds of help belong here.");
        Field(c => c.IsArchived).Description("Archived categories stay on old records but are not offered for new ones.");
    }
}
