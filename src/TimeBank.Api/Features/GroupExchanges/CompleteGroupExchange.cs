using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>Input of <c>completeGroupExchange</c>.</summary>
public sealed record CompleteGroupExchangeInput(long GroupExchangeId, List<GroupShareInput>? Shares = null, string? Note = null);

public sealed class CompleteGroupExchangeInputValidator : AbstractValidator<CompleteGroupExchangeInput>
{
    public CompleteGroupExchangeInputValidator()
    {
        RuleFor(i => i.Shares!)
            .Must(s => s.Count <= GroupExchangeRules.MaxReceivers)
            .WithMessage($"At most {GroupExchangeRules.MaxReceivers} shares.")
            .Must(s => GroupExchangeRules.Distinct(s.Select(r => r.ReceiverMemberId)))
            .WithMessage("Name each receiver once.")
            .When(i => i.Shares is not null);
        RuleForEach(i => i.Shares).ChildRules(share => GroupExchangeRules.Minutes(share.RuleFor(s => s.Minutes)));
        RuleFor(i => i.Note).MaximumLength(1000);
    }
}

public sealed class CompleteGroupExchangeInputType : InputObjectGraphType<CompleteGroupExchangeInput>
{
    public CompleteGroupExchangeInputType()
    {
        Name = "CompleteGroupExchangeInput";
        Description = "The group exchange you gave, and how long each accepted share took.";
        this.IdField("groupExchangeId", "GroupExchange", "A group exchange where you are the provider, not completed yet.");
        Field<ListGraphType<NonNullGraphType<GroupShareInputType>>>("shares").Description(
            "The minutes of accepted shares that differ from the agreed ones (at least 1, at most the agreed: what is held); " +
            "every other accepted share is completed for its agreed minutes.");
        Field(i => i.Note, nullable: true).Description("A note for the receivers, up to 1000 characters; each completed share records it.");
    }
}

/// <summary>
/// The provider says the workshop took place: in one transaction every ACCEPTED share becomes COMPLETED (with its
/// minutes) and every share still REQUESTED is CANCELLED, since its receiver never said they would come. Each receiver
/// then acknowledges or disputes their own share, exactly as for a one-to-one exchange.
/// </summary>
public static class CompleteGroupExchange
{
    /// <summary>The note on a share cancelled by the group's completion, in its timeline.</summary>
    public const string UnansweredNote = "Not answered before the provider completed the group exchange.";

    // A completion that lost a race (a receiver accepted or cancelled meanwhile) is judged again on what now stands; every
    // retry follows someone else's committed change, and a group has few shares, so a handful of rounds is plenty.
    private const int Rounds = 8;

    private static readonly CompleteGroupExchangeInputValidator Validator = new();

    public static void AddCompleteGroupExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<CompleteGroupExchangeInputType, GroupExchangePayloadType>("completeGroupExchange",
                "The provider completes a group exchange: every ACCEPTED share is COMPLETED for its minutes and every share still " +
                "REQUESTED is CANCELLED, at once. Sent again with the same content it answers as the first time and changes nothing; " +
                "with other content it is IDEMPOTENCY_CONFLICT.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                group => new GroupExchangePayload { GroupExchange = group }));

    public static async Task<Outcome<GroupExchange>> ExecuteAsync(
        CompleteGroupExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to complete a group exchange.") is { } anonymous)
        {
            return anonymous;
        }
        for (var round = 0; round < Rounds; round++)
        {
            var loaded = await LoadAsync(db, input, caller, ct);
            if (loaded.Value is not { } group)
            {
                return ExchangeFlow.FailureOf(loaded);
            }
            if (Refusal(group, input) is { } refused)
            {
                return refused;
            }
            if (group.Group.CompletedAt is not null)
            {
                return await RepeatAsync(db, group, input, ct);
            }
            Complete(db, group, input, clock);
            try
            {
                await db.SaveChangesAsync(ct);
                return group.Group;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A share or the group moved after it was read; nothing of this round was written.
                db.ChangeTracker.Clear();
            }
        }
        throw new InvalidOperationException($"Group exchange {input.GroupExchangeId}: completion lost {Rounds} races in a row.");
    }

    /// <summary>The group, its shares and parties, and who acts: the provider, or a coordinator on their behalf who is no party.</summary>
    private static async Task<Outcome<LoadedGroup>> LoadAsync(TimeBankDbContext db, CompleteGroupExchangeInput input, Caller caller, CancellationToken ct)
    {
        var group = await db.GroupExchanges.AsNoTracking().SingleOrDefaultAsync(g => g.Id == input.GroupExchangeId, ct);
        if (group is null)
        {
            return new Failure(ErrorCode.NotFound, "No such group exchange.", "groupExchangeId");
        }
        var roles = await CommunityRoles.LoadAsync(db, group.CommunityId, caller, ct);
        var shares = await db.Exchanges.AsNoTracking().Where(e => e.GroupExchangeId == group.Id).OrderBy(e => e.Id).ToListAsync(ct);
        if (!roles.MaySee(group, shares.Any(s => s.ReceiverMemberId == roles.Membership?.Id)))
        {
            return new Failure(ErrorCode.NotFound, "No such group exchange.", "groupExchangeId");
        }
        var partyIds = shares.Select(s => s.ReceiverMemberId).Append(group.ProviderMemberId).ToList();
        var parties = await db.Members.AsNoTracking().Select(ExchangeAccess.StepColumns).Where(m => partyIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var provider = parties[group.ProviderMemberId];
        if (roles.MayActAsMember && roles.Membership!.Id == provider.Id)
        {
            return new LoadedGroup(group, shares, parties, new ExchangeActor(caller.UserId, provider.Id));
        }
        if (!roles.IsCoordinator)
        {
            return roles.Forbid("Only the provider or a coordinator may complete this group exchange.");
        }
        return OnBehalf.Refusal(caller, parties.Values) is { } refused
            ? refused
            : new LoadedGroup(group, shares, parties, new ExchangeActor(caller.UserId, provider.Id));
    }

    /// <summary>
    /// What the input may not ask whatever the group's state, so a repeat is validated like the first call: minutes only
    /// for the group's receivers, at most what each agreed (the hold; more would need their consent); and a group with
    /// nothing accepted has nothing to complete.
    /// </summary>
    private static Failure? Refusal(LoadedGroup loaded, CompleteGroupExchangeInput input)
    {
        foreach (var named in input.Shares ?? [])
        {
            var share = loaded.Shares.SingleOrDefault(s => s.ReceiverMemberId == named.ReceiverMemberId);
            if (share is null)
            {
                return new Failure(ErrorCode.InvalidInput, "Not a receiver of this group exchange.", "shares");
            }
            if (named.Minutes > share.AgreedMinutes)
            {
                return new Failure(ErrorCode.InvalidInput, $"At most the agreed {share.AgreedMinutes} minutes for {loaded.Parties[share.ReceiverMemberId].DisplayName}.", "shares");
            }
            if (loaded.Group.CompletedAt is null && share.Status != ExchangeStatus.Accepted)
            {
                return new Failure(ErrorCode.WrongStatus,
                    $"The share of {loaded.Parties[share.ReceiverMemberId].DisplayName} is {share.Status.ToString().ToUpperInvariant()}: only ACCEPTED shares are completed.", "shares");
            }
        }
        return loaded.Group.CompletedAt is null && loaded.Shares.All(s => s.Status != ExchangeStatus.Accepted)
            ? new Failure(ErrorCode.WrongStatus, "No share is ACCEPTED, so there is nothing to complete.")
            : null;
    }

    /// <summary>The group's completion and each share's step, tracked for one save; each row's version guards it.</summary>
    private static void Complete(TimeBankDbContext db, LoadedGroup loaded, CompleteGroupExchangeInput input, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var note = ExchangeAsk.Recorded(input.Note);
        var group = loaded.Group;
        db.GroupExchanges.Attach(group);
        (group.CompletedAt, group.CompletedByUserId, group.CompletionNote, group.UpdatedAt) = (now, loaded.Actor.UserId, note, now);
        group.Version++;
        foreach (var share in loaded.Shares.Where(s => s.Status is ExchangeStatus.Accepted or ExchangeStatus.Requested))
        {
            db.Exchanges.Attach(share);
            var step = new ExchangeStep(share, loaded.Parties[group.ProviderMemberId], loaded.Parties[share.ReceiverMemberId], loaded.Actor, PolicyVersion: 0);
            if (share.Status == ExchangeStatus.Accepted)
            {
                var minutes = MinutesOf(share, input);
                (share.ActualMinutes, share.CompletionNote, share.CompletedAt) = (minutes, note, now);
                ExchangeFlow.Record(db, step, new ExchangeAsk(ExchangeStateMachine.Complete, minutes, note), clock);
            }
            else
            {
                // Nothing is held for a share never accepted, so cancelling it writes nothing on the ledger.
                ExchangeFlow.Record(db, step, new ExchangeAsk(ExchangeStateMachine.Cancel, Note: UnansweredNote), clock);
            }
        }
    }

    /// <summary>
    /// The group is already completed: the same minutes for every share it completed and the same note answer as the first
    /// call did; anything else was not applied, so it is IDEMPOTENCY_CONFLICT.
    /// </summary>
    private static async Task<Outcome<GroupExchange>> RepeatAsync(TimeBankDbContext db, LoadedGroup loaded, CompleteGroupExchangeInput input, CancellationToken ct)
    {
        var shareIds = loaded.Shares.Select(s => s.Id).ToList();
        var completed = await db.ExchangeTransitions.AsNoTracking()
            .Where(t => shareIds.Contains(t.ExchangeId) && t.Action == ExchangeStateMachine.Complete.Action)
            .ToDictionaryAsync(t => t.ExchangeId, t => t.Minutes, ct);
        var same = ExchangeAsk.Recorded(input.Note) == loaded.Group.CompletionNote
            && (input.Shares ?? []).All(named => loaded.Shares.Any(s => s.ReceiverMemberId == named.ReceiverMemberId && completed.ContainsKey(s.Id)))
            && loaded.Shares.Where(s => completed.ContainsKey(s.Id)).All(s => completed[s.Id] == MinutesOf(s, input));
        return same
            ? loaded.Group
            : new Failure(ErrorCode.IdempotencyConflict, "This group exchange is already completed with other minutes or another note; sent again, a completion must ask the same.");
    }

    private static int MinutesOf(Exchange share, CompleteGroupExchangeInput input) =>
        input.Shares?.SingleOrDefault(s => s.ReceiverMemberId == share.ReceiverMemberId)?.Minutes ?? share.AgreedMinutes;

    private sealed record LoadedGroup(GroupExchange Group, List<Exchange> Shares, Dictionary<long, Member> Parties, ExchangeActor Actor);
}
