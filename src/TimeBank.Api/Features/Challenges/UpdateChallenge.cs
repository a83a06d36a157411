using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Input of <c>updateChallenge</c>: only the fields given change.</summary>
public sealed record UpdateChallengeInput(
    long ChallengeId, string? Title = null, string? Description = null, string? Neighbourhood = null, DateTime? Deadline = null,
    bool ClearDeadline = false, List<ChallengeNeedInput>? Needs = null, long? LeadMemberId = null);

public sealed class UpdateChallengeInputValidator : AbstractValidator<UpdateChallengeInput>
{
    public UpdateChallengeInputValidator()
    {
        When(i => i.Title is not null, () => ChallengeRules.Title(RuleFor(i => i.Title)));
        ChallengeRules.Description(RuleFor(i => i.Description));
        ChallengeRules.Neighbourhood(RuleFor(i => i.Neighbourhood));
        When(i => i.Needs is not null, () => ChallengeRules.Needs(RuleFor(i => i.Needs)));
        RuleFor(i => i.Deadline).Null().When(i => i.ClearDeadline).WithMessage("Give a deadline or clear it, not both.");
    }
}

public sealed class UpdateChallengeInputType : InputObjectGraphType<UpdateChallengeInput>
{
    public UpdateChallengeInputType()
    {
        Name = "UpdateChallengeInput";
        Description = "What to change on a challenge; fields left out stay as they are.";
        this.IdField("challengeId", "Challenge", "A PROPOSED or OPEN challenge you lead (or of your community, as a coordinator).");
        Field(i => i.Title, nullable: true).Description($"A new title, up to {ChallengeRules.TitleLength} characters.");
        Field(i => i.Description, nullable: true).Description($"A new description, up to {ChallengeRules.DescriptionLength} characters.");
        Field(i => i.Neighbourhood, nullable: true).Description($"A new neighbourhood, up to {ChallengeRules.NeighbourhoodLength} characters; empty for the whole community.");
        Field<DateTimeGraphType>("deadline").Description("A new deadline (UTC, in the future).");
        Field(i => i.ClearDeadline, nullable: true).Description("True to remove the deadline.");
        Field<ListGraphType<NonNullGraphType<ChallengeNeedInputType>>>("needs")
            .Description($"The needs in full, replacing the ones it has: 1 to {ChallengeRules.MaxNeeds} categories, each once.");
        this.IdFieldOptional("leadMemberId", "Member", "Coordinators only: another active member of the community to lead it.");
    }
}

/// <summary>
/// The lead or a coordinator changes what a PROPOSED or OPEN challenge says; a coordinator may also name another lead.
/// The same content again changes nothing and answers with the challenge; two updates racing are applied one after the other.
/// </summary>
public static class UpdateChallenge
{
    /// <summary>How many times an update lost to a concurrent change is tried again on the challenge as it then is.</summary>
    private const int Attempts = 3;

    private static readonly UpdateChallengeInputValidator Validator = new();

    public static void AddUpdateChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<UpdateChallengeInputType, ChallengePayloadType>("updateChallenge",
                "Changes a PROPOSED or OPEN challenge (its lead or a coordinator; naming another lead, coordinators only). The same content again changes nothing.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), new ChallengeRun(db, null, ctx.Service<TimeProvider>(), ctx.CancellationToken)),
                challenge => new ChallengePayload { Challenge = challenge }));

    public static async Task<Outcome<Challenge>> ExecuteAsync(UpdateChallengeInput input, Caller caller, ChallengeRun run)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAsync(input, caller, run);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // Another change came first: this one is judged and applied again on the challenge as it now is.
                run.Db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<Outcome<Challenge>> TryAsync(UpdateChallengeInput input, Caller caller, ChallengeRun run)
    {
        var (db, ct) = (run.Db, run.Ct);
        var move = ChallengeStateMachine.Update;
        var loaded = await ChallengeStepLoad.LoadAsync(db, input.ChallengeId, caller, move, ct);
        if (loaded.Value is not { } step)
        {
            return ChallengeFlow.FailureOf(loaded);
        }
        var challenge = step.Challenge;
        if (!move.Leaves(challenge.Status))
        {
            return ChallengeFlow.WrongStatus(move, challenge.Status);
        }
        var lead = await LeadAsync(db, step, input.LeadMemberId, ct);
        if (!lead.Succeeded)
        {
            return ChallengeFlow.FailureOf(lead);
        }
        var deadline = ChallengeStart.Deadline(input.Deadline, run.Clock);
        if (!deadline.Succeeded)
        {
            return ChallengeFlow.FailureOf(deadline);
        }
        List<ChallengeNeed>? wantedNeeds = null;
        if (input.Needs is not null)
        {
            var needs = await ChallengeNeedRows.CheckAsync(db, challenge.CommunityId, challenge.Id, input.Needs, ct);
            if (!needs.Succeeded)
            {
                return ChallengeFlow.FailureOf(needs);
            }
            wantedNeeds = needs.Value;
        }

        db.Challenges.Attach(challenge);
        var changed = new List<string>();
        void Set<T>(string name, T now, T wanted, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(now, wanted))
            {
                set(wanted);
                changed.Add(name);
            }
        }
        if (input.Title is { } title)
        {
            Set("title", challenge.Title, title.Trim(), v => challenge.Title = v);
        }
        if (input.Description is { } description)
        {
            Set("description", challenge.Description, description.Trim(), v => challenge.Description = v);
        }
        if (input.Neighbourhood is { } neighbourhood)
        {
            Set("neighbourhood", challenge.Neighbourhood, ChallengeStart.Neighbourhood(neighbourhood), v => challenge.Neighbourhood = v);
        }
        if (deadline.Value is not null || input.ClearDeadline)
        {
            Set("deadline", challenge.Deadline, deadline.Value, v => challenge.Deadline = v);
        }
        var oldLead = challenge.LeadMemberId;
        if (lead.Value is { } newLead)
        {
            Set("lead", challenge.LeadMemberId, newLead, v => challenge.LeadMemberId = v);
        }
        if (wantedNeeds is { } wanted && await ReplaceNeedsAsync(db, challenge.Id, wanted, ct))
        {
            changed.Add("needs");
        }
        if (changed.Count == 0)
        {
            // The same content again: nothing to write, and the answer is the challenge as it is.
            db.ChangeTracker.Clear();
            return challenge;
        }
        var now = run.Clock.GetUtcNow().UtcDateTime;
        var from = challenge.Status;
        ChallengeFlow.Enter(challenge, move, now, challenge.Version);
        var ask = new ChallengeAsk(move, string.Join(", ", changed));
        db.ChallengeTransitions.Add(ChallengeFlow.Transition(step.Actor, challenge.Id, from, ask, now));
        if (challenge.LeadMemberId != oldLead)
        {
            AuditTrail.For(db, run.Clock).Add(ChallengeAudit.Lead(challenge, oldLead, challenge.LeadMemberId), step.Actor.UserId);
        }
        ChallengeEvents.TellUpdated(OutboxWriter.For(db, run.Clock), challenge.Id, ChallengeChange.Details);
        await db.SaveChangesAsync(ct);
        return challenge;
    }

    /// <summary>
    /// The member named to lead, or null when none was named. Only a coordinator names a lead, and only an active
    /// member of the community who may write there (an auditor never leads).
    /// </summary>
    private static async Task<Outcome<long?>> LeadAsync(TimeBankDbContext db, ChallengeStep step, long? leadMemberId, CancellationToken ct)
    {
        if (leadMemberId is not { } id || id == step.Challenge.LeadMemberId)
        {
            return (long?)null;
        }
        if (!step.Roles.IsCoordinator)
        {
            return new Failure(ErrorCode.Forbidden, "Only a coordinator names another lead.", "leadMemberId");
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.CommunityId == step.Challenge.CommunityId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member in this community.", "leadMemberId");
        }
        if (member.Status != MemberStatus.Active || member.Roles.HasFlag(MemberRoles.Auditor))
        {
            return new Failure(ErrorCode.WrongStatus,
                member.Status != MemberStatus.Active
                    ? $"The member is {member.Status.ToString().ToUpperInvariant()}, not ACTIVE."
                    : "An auditor writes nothing in the community, so cannot lead a challenge.", "leadMemberId");
        }
        return (long?)member.Id;
    }

    /// <summary>Makes the challenge's needs the wanted ones (changing, removing and adding rows); false when they already were.</summary>
    private static async Task<bool> ReplaceNeedsAsync(TimeBankDbContext db, long challengeId, List<ChallengeNeed> wanted, CancellationToken ct)
    {
        var existing = await db.ChallengeNeeds.Where(n => n.ChallengeId == challengeId).ToListAsync(ct);
        var changed = false;
        foreach (var need in existing)
        {
            if (wanted.Find(w => w.CategoryId == need.CategoryId) is not { } keep)
            {
                db.ChallengeNeeds.Remove(need);
                changed = true;
            }
            else if (keep.Minutes != need.Minutes)
            {
                need.Minutes = keep.Minutes;
                changed = true;
            }
        }
        foreach (var need in wanted.Where(w => existing.All(e => e.CategoryId != w.CategoryId)))
        {
            db.ChallengeNeeds.Add(need);
            changed = true;
        }
        return changed;
    }
}
