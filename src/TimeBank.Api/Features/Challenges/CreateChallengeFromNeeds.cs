using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Matching;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Input of <c>createChallengeFromNeeds</c>.</summary>
public sealed record CreateChallengeFromNeedsInput(
    long CommunityId, List<long> CategoryIds, string Title, string? Description = null, int? UnansweredForDays = null);

public sealed class CreateChallengeFromNeedsInputValidator : AbstractValidator<CreateChallengeFromNeedsInput>
{
    public CreateChallengeFromNeedsInputValidator()
    {
        ChallengeRules.Title(RuleFor(i => i.Title));
        ChallengeRules.Description(RuleFor(i => i.Description));
        RuleFor(i => i.CategoryIds).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Name at least one category.")
            .Must(c => c.Count <= ChallengeRules.MaxNeeds).WithMessage($"At most {ChallengeRules.MaxNeeds} categories.")
            .Must(c => c.Distinct().Count() == c.Count).WithMessage("Each category at most once.");
        RuleFor(i => i.UnansweredForDays).InclusiveBetween(0, 365);
    }
}

public sealed class CreateChallengeFromNeedsInputType : InputObjectGraphType<CreateChallengeFromNeedsInput>
{
    public CreateChallengeFromNeedsInputType()
    {
        Name = "CreateChallengeFromNeedsInput";
        Description = "Categories of communityNeeds whose unanswered requests become a proposed challenge's needs.";
        this.IdField("communityId", "Community", "Your community.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("categoryIds")
            .Description($"1 to {ChallengeRules.MaxNeeds} categories, each with at least one unanswered request.")
            .ParseValue(value => value is IEnumerable<object?> ids
                ? ids.Select(id => (long)NodeExtensions.IdParser<long>("Category")(id!)).ToList()
                : throw new InvalidIdError("Expected a list of Category IDs."));
        Field(i => i.Title).Description($"What the challenge is, in a line: up to {ChallengeRules.TitleLength} characters.");
        Field(i => i.Description, nullable: true).Description($"What it is about: up to {ChallengeRules.DescriptionLength} characters.");
        Field(i => i.UnansweredForDays, nullable: true)
            .Description($"How long a request has waited to count as unanswered, 0 to 365 days; {CreateChallengeFromNeeds.DefaultDays} by default, as communityNeeds.");
    }
}

/// <summary>
/// A coordinator turns what the community asks for and nobody answers into a proposed challenge: for each chosen
/// category, the challenge needs the estimated minutes of its open unanswered requests (as <c>communityNeeds</c> lists
/// them) added up, a request without an estimate counting as an hour. The coordinator proposes it and leads it.
/// </summary>
public static class CreateChallengeFromNeeds
{
    public const int DefaultDays = 14;

    /// <summary>What an unanswered request without an estimate adds to the need: an hour, the usual length of a favour.</summary>
    public const int MinutesWithoutEstimate = 60;

    private static readonly CreateChallengeFromNeedsInputValidator Validator = new();

    public static void AddCreateChallengeFromNeeds(this ObjectGraphType mutation) =>
        mutation.Mutation<CreateChallengeFromNeedsInputType, ChallengePayloadType>("createChallengeFromNeeds",
                "Proposes a challenge (coordinators) needing, per chosen category, the estimated minutes of its open unanswered requests; " +
                "a request without an estimate counts as an hour. Each call proposes a new one.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.NoUnansweredRequests])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new ChallengeRun(db, null, ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(CreateChallengeFromNeedsInput input, Caller caller, ChallengeRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        var (db, ct) = (run.Db, run.Ct);
        if (caller.RefuseAnonymous("Log in to make a challenge from the community's needs.") is { } anonymous)
        {
            return anonymous;
        }
        var roles = await CommunityRoles.LoadAsync(db, input.CommunityId, caller, ct);
        if (!roles.IsCoordinator || !roles.MayActAsMember)
        {
            return roles.Refuse("No such community.", "communityId", "Only a coordinator who is a member of this community makes a challenge from its needs.");
        }
        var ids = input.CategoryIds;
        var known = await db.Categories.AsNoTracking().CountAsync(c => ids.Contains(c.Id) && c.CommunityId == input.CommunityId && !c.IsArchived, ct);
        if (known != ids.Count)
        {
            return new Failure(ErrorCode.InvalidInput, "Each category must be one of this community's, not archived.", "categoryIds");
        }
        var days = input.UnansweredForDays ?? DefaultDays;
        var cutoff = run.Clock.GetUtcNow().UtcDateTime.AddDays(-days);
        // One statement: the sums per category, in SQLite.
        var sums = await db.UnansweredRequests(input.CommunityId, cutoff)
            .Where(r => ids.Contains(r.CategoryId))
            .GroupBy(r => r.CategoryId)
            .Select(g => new { CategoryId = g.Key, Minutes = g.Sum(r => (long)(r.EstimatedMinutes ?? MinutesWithoutEstimate)) })
            .ToDictionaryAsync(s => s.CategoryId, s => s.Minutes, ct);
        var missing = ids.Where(id => !sums.ContainsKey(id)).Select(id => GlobalId.Encode("Category", id)).ToList();
        if (missing.Count > 0)
        {
            return new Failure(ErrorCode.NoUnansweredRequests,
                $"No open request has waited {days} days or more unanswered in {string.Join(", ", missing)}.", "categoryIds");
        }
        var me = roles.Membership!;
        var challenge = new Challenge
        {
            CommunityId = input.CommunityId,
            Title = input.Title.Trim(),
            Description = input.Description?.Trim() ?? "",
            ProposedByMemberId = me.Id,
            LeadMemberId = me.Id,
        };
        var needs = ids.Select(id => new ChallengeNeed { CategoryId = id, Minutes = (int)Math.Min(sums[id], ChallengeRules.MaxNeedMinutes) }).ToList();
        return await ChallengeStart.CreateAsync(run, challenge, needs, new ChallengeActor(caller.UserId!.Value, me.Id),
            ChallengeStateMachine.CreateFromNeeds, AuditActions.ChallengeFromNeeds);
    }
}
