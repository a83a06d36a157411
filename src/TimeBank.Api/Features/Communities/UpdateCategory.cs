using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

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

public sealed class UpdateCategoryInputType : InputObjectGraphType<UpdateCategoryInput>
{
    public UpdateCategoryInputType()
    {
        Name = "UpdateCategoryInput";
        Description = "Changes to a category; omitted fields stay.";
        this.IdField("categoryId", "Category", "The category.");
        Field(i => i.Name, nullable: true).Description("New display name.");
        Field(i => i.Description, nullable: true).Description("New description; an empty string clears it.");
        Field(i => i.IsArchived, nullable: true).Description("Archive (true) or restore (false).");
    }
}

/// <summary>A coordinator renames, describes or archives a category (archived ones stay on old records).</summary>
public static class UpdateCategory
{
    private static readonly UpdateCategoryInputValidator Validator = new();

    public static void AddUpdateCategory(this ObjectGraphType mutation) =>
        mutation.Mutation<UpdateCategoryInputType, CategoryPayloadType>("updateCategory",
                "Renames, describes, archives or restores a category (coordinators).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                category => new CategoryPayload { Category = category }));

    public static async Task<Outcome<Category>> ExecuteAsync(UpdateCategoryInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to edit categories.") is { } anonymous)
        {
            return anonymous;
        }
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == input.CategoryId, ct);
        if (category is null)
        {
            return new Failure(ErrorCode.NotFound, "No such category.", "categoryId");
        }
        if (await CommunityRoles.LoadAsync(db, category.CommunityId, caller, ct) is { IsCoordinator: false } roles)
        {
            return roles.Forbid("Only a coordinator of this community edits its categories.");
        }
        var before = State(category);
        category.Name = input.Name?.Trim() ?? category.Name;
        category.Description = input.Description is null ? category.Description : input.Description.Trim() is { Length: > 0 } d ? d : null;
        category.IsArchived = input.IsArchived ?? category.IsArchived;
        // The same change again changes nothing, and an act that changed nothing is not recorded.
        if (db.Entry(category).State == EntityState.Modified)
        {
            AuditTrail.For(db, clock).Add(
                new AuditAct(AuditActions.CategoryUpdate, category.CommunityId, AuditActions.Subjects.Category, category.Id) { Before = before, After = State(category) },
                caller.UserId!.Value);
        }
        await db.SaveChangesAsync(ct);
        return category;
    }

    /// <summary>A category as its audit records show it: a community's words, no one's personal data.</summary>
    internal static object State(Category category) => new
    {
        slug = category.Slug,
        name = category.Name,
        description = category.Description,
        isArchived = category.IsArchived,
    };
}
