using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Input of <c>proposeChallenge</c>.</summary>
public sealed record ProposeChallengeInput(
    long CommunityId, string Title, List<ChallengeNeedInput> Needs, string? Description = null, DateTime? Deadline = null,
    string? Neighbourhood = null, long? OnBehalfOfMemberId = null);

public sealed class ProposeChallengeInputValidator : AbstractValidator<ProposeChallengeInput>
{
    public ProposeChallengeInputValidator()
    {
        ChallengeRules.Title(RuleFor(i => i.Title));
        ChallengeRules.Description(RuleFor(i => i.Description));
        ChallengeRules.Neighbourhood(RuleFor(i => i.Neighbourhood));
        ChallengeRules.Needs(RuleFor(i => i.Needs));
    }
}

public sealed class ProposeChallengeInputType : InputObjectGraphType<ProposeChallengeInput>
{
    public ProposeChallengeInputType()
    {
        Name = "ProposeChallengeInput";
        Description = "A shared challenge a member proposes to the community.";
        this.IdField("communityId", "Community", "The community to take it on.");
        Field(i => i.Title).Description($"What the challenge is, in a line: up to {ChallengeRules.TitleLength} characters.");
        Field(i => i.Description, nullable: true).Description($"What it is about and what success looks like: up to {ChallengeRules.DescriptionLength} characters.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeNeedInputType>>>>("needs")
            .Description($"The minutes it needs per category: 1 to {ChallengeRules.MaxNeeds} categories, each once.");
        Field<DateTimeGraphType>("deadline").Description("When it should be achieved by (UTC, in the future); none by default.");
        Field(i => i.Neighbourhood, nullable: true).Description($"Where it happens, up to {ChallengeRules.NeighbourhoodLength} characters; the whole community by default.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member",
            "A coordinator proposes on behalf of this active member, who becomes its proposer and lead; yourself by default.");
    }
}

/// <summary>
/// An active member proposes a challenge (a coordinator may propose for one); it waits PROPOSED, led by its proposer,
/// until a coordinator approves or declines it.
/// </summary>
public static class ProposeChallenge
{
    private static readonly ProposeChallengeInputValidator Validator = new();

    public static void AddProposeChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<ProposeChallengeInputType, ChallengePayloadType>("proposeChallenge",
                "Proposes a shared challenge to the community (active members; coordinators on a member's behalf). Each call proposes a new one.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(ProposeChallengeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to propose a challenge.") is { } anonymous)
        {
            return anonymous;
        }
        var roles = await CommunityRoles.LoadAsync(db, input.CommunityId, caller, ct);
        var proposer = await ProposerAsync(db, roles, input, ct);
        if (!proposer.Succeeded)
        {
            return ChallengeFlow.FailureOf(proposer);
        }
        if (!await db.Communities.AnyAsync(c => c.Id == input.CommunityId, ct))
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        var deadline = ChallengeStart.Deadline(input.Deadline, clock);
        if (!deadline.Succeeded)
        {
            return ChallengeFlow.FailureOf(deadline);
        }
        var needs = await ChallengeNeedRows.CheckAsync(db, input.CommunityId, 0, input.Needs, ct);
        if (!needs.Succeeded)
        {
            return ChallengeFlow.FailureOf(needs);
        }
        var member = proposer.Value!;
        var onBehalf = member.UserId != caller.UserId;
        var challenge = new Challenge
        {
            CommunityId = input.CommunityId,
            Title = input.Title.Trim(),
            Description = input.Description?.Trim() ?? "",
            Neighbourhood = ChallengeStart.Neighbourhood(input.Neighbourhood),
            Deadline = deadline.Value,
            ProposedByMemberId = member.Id,
            LeadMemberId = member.Id,
        };
        return await ChallengeStart.CreateAsync(new ChallengeRun(db, null, clock, ct), challenge, needs.Value!,
            new ChallengeActor(caller.UserId!.Value, member.Id), ChallengeStateMachine.Propose, onBehalf ? AuditActions.ChallengeProposeOnBehalf : null);
    }

    /// <summary>The member who proposes: the caller's own active membership, or (coordinators only) the active member named.</summary>
    private static async Task<Outcome<Member>> ProposerAsync(TimeBankDbContext db, CommunityRoles roles, ProposeChallengeInput input, CancellationToken ct)
    {
        if (input.OnBehalfOfMemberId is not { } memberId || memberId == roles.Membership?.Id)
        {
            return roles.MayActAsMember
                ? roles.Membership!
                : roles.Refuse("No such community.", "communityId", "Only active members of this community propose challenges.");
        }
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such community.", "communityId", "Only coordinators propose on someone else's behalf.");
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.CommunityId == input.CommunityId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member in this community.", "onBehalfOfMemberId");
        }
        return member.Status == MemberStatus.Active
            ? member
            : new Failure(ErrorCode.WrongStatus, $"The member is {member.Status.ToString().ToUpperInvariant()}, not ACTIVE.", "onBehalfOfMemberId");
    }
}
