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

/// <summary>Input of <c>addCategory</c>.</summary>
public sealed record AddCategoryInput(long CommunityId, string Slug, string Name, string? Description = null);

public sealed class AddCategoryInputValidator : AbstractValidator<AddCategoryInput>
{
    public AddCategoryInputValidator()
    {
        RuleFor(i => i.Slug).Cascade(CascadeMode.Stop).NotEmpty().Length(2, 64).Matches("^[a-z0-9]+(-[a-z0-9]+)*$")
            .WithMessage("A slug is lower-case letters, digits and single dashes.");
        RuleFor(i => i.Name).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(80).Must(TextRules.HasVisibleText)
            .WithMessage("'Name' must contain visible characters.");
        RuleFor(i => i.Description).MaximumLength(500);
    }
}

public sealed class AddCategoryInputType : InputObjectGraphType<AddCategoryInput>
{
    public AddCategoryInputType()
    {
        Name = "AddCategoryInput";
        Description = "A new skill category.";
        this.IdField("communityId", "Community", "The community whose taxonomy gets it.");
        Field(i => i.Slug).Description("Stable, URL-safe, unique within the community.");
        Field(i => i.Name).Description("Display name.");
        Field(i => i.Description, nullable: true).Description("What kinds of help belong here.");
    }
}

/// <summary>A coordinator adds a skill category to the community's taxonomy.</summary>
public static class AddCategory
{
    private static readonly AddCategoryInputValidator Validator = new();

    public static void AddAddCategory(this ObjectGraphType mutation) =>
        mutation.Mutation<AddCategoryInputType, CategoryPayloadType>("addCategory",
                "Adds a skill category (coordinators); the same category again returns it.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.SlugTaken])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                category => new CategoryPayload { Category = category }));

    public static async Task<Outcome<Category>> ExecuteAsync(AddCategoryInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to edit categories.") is { } anonymous)
        {
            return anonymous;
        }
        if (!await db.Communities.AnyAsync(c => c.Id == input.CommunityId, ct))
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        if (await CommunityRoles.LoadAsync(db, input.CommunityId, caller, ct) is { IsCoordinator: false } roles)
        {
            return roles.Forbid("Only a coordinator of this community edits its categories.");
        }
        if (await FindSameSlugAsync(input, db, ct) is { } existing)
        {
            return existing;
        }
        var category = db.Categories.Add(new Category
        {
            CommunityId = input.CommunityId,
            Slug = input.Slug,
            Name = input.Name.Trim(),
            Description = input.Description?.Trim(),
        }).Entity;
        // The audit record names the category's id, known once it is inserted: two saves, one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            await transaction.RollbackAsync(ct);
            db.Entry(category).State = EntityState.Detached;
            return await FindSameSlugAsync(input, db, ct) ?? throw new InvalidOperationException("the category vanished");
        }
        AuditTrail.For(db, clock).Add(
            new AuditAct(AuditActions.CategoryAdd, category.CommunityId, AuditActions.Subjects.Category, category.Id) { After = UpdateCategory.State(category) },
            caller.UserId!.Value);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return category;
    }

    /// <summary>The category with this slug: itself when it is this very one again (a retry), SLUG_TAKEN when it is another.</summary>
    private static async Task<Outcome<Category>?> FindSameSlugAsync(AddCategoryInput input, TimeBankDbContext db, CancellationToken ct)
    {
        var existing = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.CommunityId == input.CommunityId && c.Slug == input.Slug, ct);
        if (existing is null)
        {
            return null;
        }
        return existing.Name == input.Name.Trim() && existing.Description == input.Description?.Trim()
            ? existing
            : new Failure(ErrorCode.SlugTaken, $"This community already has a category '{input.Slug}'.", "slug");
    }
}
