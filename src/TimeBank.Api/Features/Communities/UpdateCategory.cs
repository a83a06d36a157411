using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Communities;

/// <summary>Input of <c>updateCategory</c>; omitted fields stay as they are.</summary>
public sealed record UpdateCategoryInput(long CategoryId, string? Name = null, string? Description = null, bool? IsArchived = null);

public sealed class UpdateCategoryInputValidator : AbstractValidator<UpdateCategoryInput>
{
    public UpdateCategoryInputValidator()
    {
        RuleFor(i => i.Name).Cascade(CascadeMode.Stop).MaximumLength(80).Must(TextRules.HasVisibleText)
            .When(i => i.Name is not null).WithMessage("'Name' must contain visible characters.");
        RuleFor(i => i.Description).MaximumLength(500);
    }
}

/// <summary>A coordinator renames, describes or archives a category (archived ones stay on old records).</summary>
public static class UpdateCategory
{
    public static async Task<Outcome<Category>> ExecuteAsync(UpdateCategoryInput input, Caller caller, TimeBankDbContext db, CancellationToken ct)
    {
        if (!caller.IsAuthenticated)
        {
            return new Failure(ErrorCode.Unauthenticated, "Log in to edit categories.");
        }
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == input.CategoryId, ct);
        if (category is null)
        {
            return new Failure(ErrorCode.NotFound, "No such category.", "categoryId");
        }
        if (!(await CommunityRoles.LoadAsync(db, category.CommunityId, caller, ct)).IsCoordinator)
        {
            return new Failure(ErrorCode.Forbidden, "Only a coordinator of this community edits its categories.");
        }
        category.Name = input.Name?.Trim() ?? category.Name;
        category.Description = input.Description is null ? category.Description : input.Description.Trim() is { Length: > 0 } d ? d : null;
        category.IsArchived = input.IsArchived ?? category.IsArchived;
        await db.SaveChangesAsync(ct);
        return category;
    }
}
