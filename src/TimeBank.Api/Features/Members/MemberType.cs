using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// The <c>Member</c> type. Profile fields honour the member's privacy settings; the account is shown to
/// its owner, the community's coordinators and auditors only.
/// </summary>
public sealed class MemberType : ObjectGraphType<Member>
{
    /// <summary>Members by id, only those the caller may see (<c>node(id:)</c> and <c>member(id:)</c>).</summary>
    public static BatchFetch<long, Member> VisibleTo(IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        contexts.VisibleTo(caller,
            (db, ids) => db.Members.AsNoTracking().Include(m => m.Skills).Where(m => ids.Contains(m.Id)), m => m.Id, m => m.CommunityId, (roles, m) => roles.MaySee(m));

    public MemberType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Member";
        Description = "A person in one community. Fields the member keeps private read as null.";
        // node(id:) shows a member only to someone who may see them: themself or the community's people.
        this.IsNode(m => m.Id, context => VisibleTo(contexts, context.Caller()));
        Field(m => m.DisplayName).Description("The name the member goes by in the community.");
        Field<NonNullGraphType<MemberStatusType>>("status").Description("Where the membership stands.").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberRoleType>>>>("roles").Description("The member's roles in the community.")
            .Resolve(ctx => Enum.GetValues<MemberRoles>().Where(r => r != MemberRoles.None && ctx.Source.Roles.HasFlag(r))
                .Select(r => r.ToString().ToUpperInvariant()));
        Field<NonNullGraphType<DateTimeGraphType>>("appliedAt").Description("When the member applied (UTC).").Resolve(ctx => ctx.Source.AppliedAt);
        Private("bio", "About the member, in their words.", m => m.Bio, m => m.BioVisibility);
        Private("neighbourhood", "Where the member is, roughly.", m => m.Neighbourhood, m => m.NeighbourhoodVisibility);
        Private("availability", "When the member is usually free, e.g. \"weekday evenings\".", m => m.Availability, m => m.AvailabilityVisibility);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skillTags").Description("Free skill tags; null when private.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.CommunityId).Then(roles => roles.MaySee(ctx.Source, ctx.Source.SkillsVisibility)
                ? ctx.Source.Skills.Where(s => s.Tag is not null).Select(s => s.Tag!).ToList()
                : null));
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("skillCategoryIds")
            .Description("The IDs of the categories the member offers skills in (see Community.categories); null when private.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.CommunityId).Then(roles => roles.MaySee(ctx.Source, ctx.Source.SkillsVisibility)
                ? ctx.Source.Skills.Where(s => s.CategoryId is not null).Select(s => GlobalId.Encode("Category", s.CategoryId!.Value)).ToList()
                : null));
        Field<MemberPrivacyType>("privacy").Description("Who sees each profile field; only the member sees this.")
            .Resolve(ctx => ctx.Source.UserId == ctx.Caller().UserId ? ctx.Source : null);
        Field<NonNullGraphType<CommunityType>>("community").Description("The community this membership is in.")
            .Resolve(ctx => ctx.LoadCommunity(ctx.Source.CommunityId).Then(c => c!));
        Field<AccountType>("account")
            .Description("The member's hour account; null until approved, and for anyone but the member, coordinators and auditors.")
            .Resolve(ctx => ctx.Source.AccountId is not { } accountId
                ? DataLoaderResults.FromValue<TimeBank.Ledger.Model.LedgerAccount?>(null)
                // The caller's own account: the owner always sees it, and the request's read of their memberships has it.
                : ctx.Source.UserId == ctx.Caller().UserId && CallerMemberships.AppliesTo(ctx)
                ? CallerMemberships.OwnAccount(ctx, accountId)
                : ctx.RolesIn(ctx.Source.CommunityId).Then(roles => roles.MaySeeBalanceOf(ctx.Source)
                    ? ctx.LoadAccount(accountId)
                    : DataLoaderResults.FromValue<TimeBank.Ledger.Model.LedgerAccount?>(null)));
    }

    private void Private(string name, string description, Func<Member, string?> value, Func<Member, Visibility> visibility) =>
        Field<StringGraphType>(name).Description(description + " Null when private.")
            .Resolve(ctx => ctx.RolesIn(ctx.Source.CommunityId)
                .Then(roles => roles.MaySee(ctx.Source, visibility(ctx.Source)) ? value(ctx.Source) : null));
}

public sealed class MemberPrivacyType : ObjectGraphType<Member>
{
    public MemberPrivacyType()
    {
        Name = "MemberPrivacy";
        Description = "Who sees each field of a member's profile.";
        Field<NonNullGraphType<VisibilityType>>("bio").Description("Who sees the bio.").Resolve(ctx => ctx.Source.BioVisibility);
        Field<NonNullGraphType<VisibilityType>>("neighbourhood").Description("Who sees the neighbourhood.").Resolve(ctx => ctx.Source.NeighbourhoodVisibility);
        Field<NonNullGraphType<VisibilityType>>("skills").Description("Who sees the skills.").Resolve(ctx => ctx.Source.SkillsVisibility);
        Field<NonNullGraphType<VisibilityType>>("availability").Description("Who sees the availability.").Resolve(ctx => ctx.Source.AvailabilityVisibility);
    }
}
