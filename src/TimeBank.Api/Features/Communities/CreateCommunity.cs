using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Communities;

/// <summary>Input of <c>createCommunity</c>.</summary>
public sealed record CreateCommunityInput(string Slug, string Name, string TimeZone, PolicyInput? Policy = null);

public sealed class CreateCommunityInputValidator : AbstractValidator<CreateCommunityInput>
{
    public CreateCommunityInputValidator()
    {
        RuleFor(i => i.Slug).Cascade(CascadeMode.Stop).NotEmpty().Length(3, 64).Matches("^[a-z0-9]+(-[a-z0-9]+)*$")
            .WithMessage("A slug is 3 to 64 lower-case letters, digits and single dashes, like 'riverside-timebank'.");
        RuleFor(i => i.Name).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(120).Must(TextRules.HasVisibleText)
            .WithMessage("'Name' must contain visible characters.");
        RuleFor(i => i.TimeZone).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(64).Must(TextRules.IsKnownTimeZone)
            .WithMessage("'TimeZone' must be an IANA time zone such as Europe/Lisbon.");
    }
}

public sealed class CreateCommunityInputType : InputObjectGraphType<CreateCommunityInput>
{
    public CreateCommunityInputType()
    {
        Name = "CreateCommunityInput";
        Description = "A new community.";
        Field(i => i.Slug).Description("Short, URL-safe, unique name: lower-case letters, digits and dashes.");
        Field(i => i.Name).Description("Display name, up to 120 characters.");
        Field(i => i.TimeZone).Description("IANA time zone, e.g. Europe/Lisbon.");
        Field<PolicyInputType>("policy").Description("Rules; omitted ones take the defaults.");
    }
}

/// <summary>
/// Creates a community (deployment admins only): policy version 1, the default categories, and its
/// ISSUANCE and FUND accounts in a ledger group of its own.
/// </summary>
public static class CreateCommunity
{
    private static readonly CreateCommunityInputValidator Validator = new();

    public static void AddCreateCommunity(this ObjectGraphType mutation) =>
        mutation.Mutation<CreateCommunityInputType, CommunityPayloadType>("createCommunity",
                "Creates a community with its fund, issuance account and default categories (deployment admins).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.SlugTaken])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                community => new CommunityPayload { Community = community }));

    public static async Task<Outcome<Community>> ExecuteAsync(
        CreateCommunityInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock,
        CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in as a deployment administrator to create communities.") is { } anonymous)
        {
            return anonymous;
        }
        if (!caller.IsAdmin)
        {
            return new Failure(ErrorCode.Forbidden, "Only a deployment administrator creates communities.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = PolicyDefaults.Apply(input.Policy, new CommunityPolicy { Version = 1, CreatedAt = now, CreatedByUserId = caller.UserId!.Value });
        if (new PolicyRulesValidator().Validate(policy) is { IsValid: false } invalid)
        {
            return new Failure(ErrorCode.InvalidInput, invalid.Errors[0].ErrorMessage, "policy");
        }
        if (await db.Communities.AnyAsync(c => c.Slug == input.Slug, ct))
        {
            return new Failure(ErrorCode.SlugTaken, $"The slug '{input.Slug}' is taken; choose another.", "slug");
        }

        // A group of its own per attempt: if two admins race for a slug, the loser's stray empty account
        // sits alone in its group, and the winner's trial balance is untouched.
        var group = $"{input.Slug}-{Guid.NewGuid():N}"[..(input.Slug.Length + 9)];
        var attempt = Guid.NewGuid().ToString("N");
        var issuance = await ledger.SubmitAsync(new OpenAccount(group, "ISSUANCE", AccountKind.Issuance, null, null)
        {
            IdempotencyKey = LedgerVocabulary.CommunityAccountKey(attempt, "issuance"),
            ActorId = caller.LedgerActor,
            Memo = "community issuance account",
        }, ct);
        if (!issuance.Succeeded)
        {
            throw new InvalidOperationException($"Opening the issuance account failed: {issuance.Status}");
        }

        var community = new Community
        {
            Slug = input.Slug,
            Name = input.Name.Trim(),
            TimeZone = input.TimeZone,
            CreatedAt = now,
            CreatedByUserId = caller.UserId.Value,
            PolicyVersion = 1,
            LedgerGroup = group,
            IssuanceAccountId = issuance.AccountId!.Value,
        };
        try
        {
            var fund = await ledger.SubmitAsync(
                new OpenAccount(group, "FUND", AccountKind.Fund, 0, null)
                {
                    IdempotencyKey = LedgerVocabulary.CommunityAccountKey(attempt, "fund"),
                    ActorId = caller.LedgerActor,
                    Memo = "community fund account",
                },
                async (tx, opened, token) =>
                {
                    community.FundAccountId = opened.AccountId!.Value;
                    tx.Communities.Add(community);
                    await tx.SaveChangesAsync(token);
                    policy.CommunityId = community.Id;
                    tx.CommunityPolicies.Add(policy);
                    tx.Categories.AddRange(DefaultCategories.All.Select(c =>
                        new Category { CommunityId = community.Id, Slug = c.Slug, Name = c.Name, Description = c.Description }));
                },
                ct);
            return fund.Succeeded ? community : throw new InvalidOperationException($"Opening the fund account failed: {fund.Status}");
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return new Failure(ErrorCode.SlugTaken, $"The slug '{input.Slug}' is taken; choose another.", "slug");
        }
    }
}
