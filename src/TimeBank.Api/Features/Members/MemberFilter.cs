using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Members;

/// <summary>The filter of <c>members</c>: every given criterion must hold.</summary>
public sealed record MemberFilter(string? Name = null, string? Neighbourhood = null, long? SkillCategoryId = null, string? SkillTag = null, MemberStatus? Status = null)
{
    /// <summary>
    /// Private fields filter only where the member shows them to members, so a filter cannot be used
    /// to probe what someone keeps private.
    /// </summary>
    public static IQueryable<Member> Apply(IQueryable<Member> members, MemberFilter filter)
    {
        var status = filter.Status ?? MemberStatus.Active;
        members = members.Where(m => m.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.Name))
        {
            members = members.Where(m => EF.Functions.Like(m.DisplayName, TextRules.LikeContaining(filter.Name.Trim()), TextRules.LikeEscape));
        }
        if (!string.IsNullOrWhiteSpace(filter.Neighbourhood))
        {
            members = members.Where(m => m.NeighbourhoodVisibility == Visibility.Members
                && EF.Functions.Like(m.Neighbourhood!, TextRules.LikeContaining(filter.Neighbourhood.Trim()), TextRules.LikeEscape));
        }
        if (filter.SkillCategoryId is { } categoryId)
        {
            members = members.Where(m => m.SkillsVisibility == Visibility.Members && m.Skills.Any(s => s.CategoryId == categoryId));
        }
        if (!string.IsNullOrWhiteSpace(filter.SkillTag))
        {
            var tag = filter.SkillTag.Trim().ToLowerInvariant();
            members = members.Where(m => m.SkillsVisibility == Visibility.Members && m.Skills.Any(s => s.Tag == tag));
        }
        return members;
    }
}

public sealed class MemberFilterType : InputObjectGraphType<MemberFilter>
{
    public MemberFilterType()
    {
        Name = "MemberFilter";
        Description = "Narrows a list of members; every given criterion must hold.";
        Field(f => f.Name, nullable: true).Description("Part of the display name, any case; up to 80 characters.").MaxLength(80);
        Field(f => f.Neighbourhood, nullable: true).Description("Part of the neighbourhood (members who show it); up to 80 characters.").MaxLength(80);
        this.IdFieldOptional("skillCategoryId", "Category", "Offers skills in this category (members who show skills).");
        Field(f => f.SkillTag, nullable: true).Description("Has this free skill tag (members who show skills); up to 40 characters.").MaxLength(40);
        Field<MemberStatusType>("status").Description("Members in this status; ACTIVE by default.");
    }
}
