using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>updateProfile</c>; omitted fields stay as they are, an empty string clears one.</summary>
public sealed record UpdateProfileInput(
    long MemberId, string? DisplayName = null, string? Bio = null, string? Neighbourhood = null, string? Availability = null,
    IReadOnlyList<long>? SkillCategoryIds = null, IReadOnlyList<string>? SkillTags = null,
    Visibility? BioVisibility = null, Visibility? NeighbourhoodVisibility = null, Visibility? SkillsVisibility = null,
    Visibility? AvailabilityVisibility = null);

public sealed class UpdateProfileInputValidator : AbstractValidator<UpdateProfileInput>
{
    public UpdateProfileInputValidator()
    {
        RuleFor(i => i.DisplayName).Cascade(CascadeMode.Stop).MaximumLength(80).Must(TextRules.HasVisibleText)
            .When(i => i.DisplayName is not null).WithMessage("'Display Name' must contain visible characters.");
        RuleFor(i => i.Bio).MaximumLength(2000);
        RuleFor(i => i.Neighbourhood).MaximumLength(80);
        RuleFor(i => i.Availability).MaximumLength(200);
        RuleFor(i => i.SkillCategoryIds).Must(ids => ids!.Count <= 20).When(i => i.SkillCategoryIds is not null)
            .WithMessage("At most 20 skill categories.");
        RuleFor(i => i.SkillTags).Must(tags => tags!.Count <= 30).When(i => i.SkillTags is not null).WithMessage("At most 30 skill tags.");
        RuleForEach(i => i.SkillTags).NotEmpty().MaximumLength(40);
    }
}

public sealed class UpdateProfileInputType : InputObjectGraphType<UpdateProfileInput>
{
    public UpdateProfileInputType()
    {
        Name = "UpdateProfileInput";
        Description = "Profile changes; omitted fields stay, an empty string clears a text field.";
        this.IdField("memberId", "Member", "The member (yourself, or a member you coordinate).");
        Field(i => i.DisplayName, nullable: true).Description("The name to go by.");
        Field(i => i.Bio, nullable: true).Description("About the member, up to 2000 characters.");
        Field(i => i.Neighbourhood, nullable: true).Description("Where the member is, roughly.");
        Field(i => i.Availability, nullable: true).Description("When the member is usually free.");
        this.IdListField("skillCategoryIds", "Category", "Replaces the skill categories (at most 20).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skillTags").Description("Replaces the free skill tags (at most 30).");
        Field<VisibilityType>("bioVisibility").Description("Who sees the bio.");
        Field<VisibilityType>("neighbourhoodVisibility").Description("Who sees the neighbourhood.");
        Field<VisibilityType>("skillsVisibility").Description("Who sees the skills.");
        Field<VisibilityType>("availabilityVisibility").Description("Who sees the availability.");
    }
}

/// <summary>
/// Changes a member's profile: by the member, or by a coordinator on behalf of an offline member
/// (recorded with both names).
/// </summary>
public static class UpdateProfile
{
    private static readonly UpdateProfileInputValidator Validator = new();

    public static void AddUpdateProfile(this ObjectGraphType mutation) =>
        mutation.Mutation<UpdateProfileInputType, MemberPayloadType>("updateProfile",
                "Changes a profile: the member's own, or an offline member's by a coordinator (recorded as acting on their behalf).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                member => new MemberPayload { Member = member }));

    public static async Task<Outcome<Member>> ExecuteAsync(
        UpdateProfileInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to edit a profile.") is { } anonymous)
        {
            return anonymous;
        }
        var member = await db.Members.Include(m => m.Skills).SingleOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null || member.ErasedAt is not null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
        }
        var roles = await CommunityRoles.LoadAsync(db, member.CommunityId, caller, ct);
        if ((member.UserId != caller.UserId || !roles.MayWrite) && !roles.IsCoordinator)
        {
            return roles.Refuse("No such member.", "memberId", "Only the member or a coordinator edits this profile.");
        }
        if (input.SkillCategoryIds is { } categoryIds)
        {
            var known = await db.Categories.CountAsync(c => c.CommunityId == member.CommunityId && !c.IsArchived && categoryIds.Contains(c.Id), ct);
            if (known != categoryIds.Distinct().Count())
            {
                return new Failure(ErrorCode.NotFound, "A skill category is not one of this community's.", "skillCategoryIds");
            }
        }

        member.DisplayName = input.DisplayName?.Trim() ?? member.DisplayName;
        member.Bio = Updated(input.Bio, member.Bio);
        member.Neighbourhood = Updated(input.Neighbourhood, member.Neighbourhood);
        member.Availability = Updated(input.Availability, member.Availability);
        member.BioVisibility = input.BioVisibility ?? member.BioVisibility;
        member.NeighbourhoodVisibility = input.NeighbourhoodVisibility ?? member.NeighbourhoodVisibility;
        member.SkillsVisibility = input.SkillsVisibility ?? member.SkillsVisibility;
        member.AvailabilityVisibility = input.AvailabilityVisibility ?? member.AvailabilityVisibility;
        if (input.SkillCategoryIds is { } newCategories
            && !newCategories.ToHashSet().SetEquals(member.Skills.Where(s => s.CategoryId is not null).Select(s => s.CategoryId!.Value)))
        {
            member.Skills.RemoveAll(s => s.CategoryId is not null);
            member.Skills.AddRange(newCategories.Distinct().Select(id => new MemberSkill { CategoryId = id }));
        }
        var tags = input.SkillTags?.Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        if (tags is not null && !tags.ToHashSet().SetEquals(member.Skills.Where(s => s.Tag is not null).Select(s => s.Tag!)))
        {
            member.Skills.RemoveAll(s => s.Tag is not null);
            member.Skills.AddRange(tags.Select(t => new MemberSkill { Tag = t }));
        }
        // The input names the fields' new values, so the same input again has nothing left to change: no history row.
        if (!db.ChangeTracker.HasChanges())
        {
            return member;
        }
        MemberTransition.Record(db, member, member.Status, caller, "profile updated", clock);
        await db.SaveChangesAsync(ct);
        return member;

        // null leaves a field as it is; an empty string clears it.
        static string? Updated(string? value, string? current) => value is null ? current : value.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }
}
