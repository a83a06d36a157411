using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>One receiver's share of a group exchange as proposed: who, and the minutes agreed with them.</summary>
public sealed record GroupShareInput(long ReceiverMemberId, int Minutes);

/// <summary>Input of <c>proposeGroupExchange</c>.</summary>
public sealed record ProposeGroupExchangeInput(
    long CommunityId, string Description, List<GroupShareInput> Shares, long? ListingId = null, long? OnBehalfOfMemberId = null, string? IdempotencyKey = null);

public sealed class ProposeGroupExchangeInputValidator : AbstractValidator<ProposeGroupExchangeInput>
{
    public ProposeGroupExchangeInputValidator()
    {
        RuleFor(i => i.Description).NotEmpty().MaximumLength(500);
        RuleFor(i => i.Shares).NotNull()
            .Must(s => s.Count is >= GroupExchangeRules.MinReceivers and <= GroupExchangeRules.MaxReceivers)
            .WithMessage($"From {GroupExchangeRules.MinReceivers} to {GroupExchangeRules.MaxReceivers} receivers; for one, propose an exchange.")
            .Must(s => GroupExchangeRules.Distinct(s.Select(r => r.ReceiverMemberId)))
            .WithMessage("Each receiver has one share; name each once.");
        RuleForEach(i => i.Shares).ChildRules(share => GroupExchangeRules.Minutes(share.RuleFor(s => s.Minutes)));
        RuleFor(i => i.IdempotencyKey).NotEmpty().MaximumLength(100).When(i => i.IdempotencyKey is not null);
    }
}

public sealed class GroupShareInputType : InputObjectGraphType<GroupShareInput>
{
    public GroupShareInputType()
    {
        Name = "GroupShareInput";
        Description = "One receiver's share of a group exchange.";
        this.IdField("receiverMemberId", "Member", "The receiver: an active member of the community, not the provider.");
        Field(s => s.Minutes).Description($"The minutes agreed with this receiver (held on their account when they accept), 1 to {ExchangeStart.MaxMinutes}.");
    }
}

public sealed class ProposeGroupExchangeInputType : InputObjectGraphType<ProposeGroupExchangeInput>
{
    public ProposeGroupExchangeInputType()
    {
        Name = "ProposeGroupExchangeInput";
        Description = "One provider helping several receivers at once (a workshop), each with a share of its own.";
        this.IdField("communityId", "Community", "The community it happens in.");
        Field(i => i.Description).Description("What the help is about, 1 to 500 characters; every share carries it.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GroupShareInputType>>>>("shares")
            .Description($"The receivers and each one's minutes: {GroupExchangeRules.MinReceivers} to {GroupExchangeRules.MaxReceivers}, each named once.");
        this.IdFieldOptional("listingId", "Listing", "The provider's open offer it comes from, if any.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member",
            "A coordinator proposes on behalf of this provider; yourself by default. Never where the coordinator is one of the receivers (FORBIDDEN).");
        Field(i => i.IdempotencyKey, nullable: true).Description(
            "A key of your choosing, up to 100 characters, so a retry cannot propose twice: the same key again returns the group it " +
            "proposed; the same key with other content is refused with IDEMPOTENCY_CONFLICT. Without one, every call proposes.");
    }
}

/// <summary>
/// The provider (or a coordinator for them) proposes a group exchange: one ordinary exchange per receiver, REQUESTED and
/// linked to the group, each accepted or declined by its receiver with acceptExchange and declineExchange.
/// </summary>
public static class ProposeGroupExchange
{
    private static readonly ProposeGroupExchangeInputValidator Validator = new();

    public static void AddProposeGroupExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<ProposeGroupExchangeInputType, GroupExchangePayloadType>("proposeGroupExchange",
                "Proposes a group exchange: one share, an exchange REQUESTED from you to each receiver, who accepts or declines it. " +
                "Sent again with the same idempotencyKey and content it returns the first group; with other content it is IDEMPOTENCY_CONFLICT.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                group => new GroupExchangePayload { GroupExchange = group }));

    public static async Task<Outcome<GroupExchange>> ExecuteAsync(
        ProposeGroupExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to propose a group exchange.") is { } anonymous)
        {
            return anonymous;
        }
        var roles = await CommunityRoles.LoadAsync(db, input.CommunityId, caller, ct);
        var provider = await ProviderAsync(db, roles, input, ct);
        if (provider.Value is not { } me)
        {
            return ExchangeFlow.FailureOf(provider);
        }
        var receiverIds = input.Shares.Select(s => s.ReceiverMemberId).ToList();
        var receivers = await db.Members.AsNoTracking().Select(ExchangeAccess.StepColumns)
            .Where(m => m.CommunityId == input.CommunityId && receiverIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, ct);
        if (receiverIds.FirstOrDefault(id => !receivers.ContainsKey(id)) is var missing and not 0)
        {
            return new Failure(ErrorCode.NotFound, $"No such member in this community: {GlobalId.Encode("Member", missing)}.", "shares");
        }
        if (me.UserId != caller.UserId && OnBehalf.Refusal(caller, [me, .. receivers.Values], "onBehalfOfMemberId") is { } refused)
        {
            return refused;
        }
        if (receivers.ContainsKey(me.Id))
        {
            return new Failure(ErrorCode.InvalidInput, "The provider is not one of the receivers.", "shares");
        }
        var actor = new ExchangeActor(caller.UserId, me.Id);
        if (input.IdempotencyKey is { } key && await FirstWithKeyAsync(db, caller, key, ct) is { } first)
        {
            return await SameAsync(db, first, input, me, ct) ? first : KeyConflict();
        }
        if (await RefusalOfPartiesAsync(db, input, me, receivers.Values, ct) is { } invalid)
        {
            return invalid;
        }
        return await SaveAsync(db, input, me, receivers, actor, clock, ct);
    }

    /// <summary>The provider: the caller's own active membership, or (coordinators only) the member named on whose behalf.</summary>
    private static async Task<Outcome<Member>> ProviderAsync(TimeBankDbContext db, CommunityRoles roles, ProposeGroupExchangeInput input, CancellationToken ct)
    {
        if (input.OnBehalfOfMemberId is not { } memberId)
        {
            return roles.MayActAsMember
                ? roles.Membership!
                : roles.Refuse("No such community.", "communityId", "Only active members of this community take part in exchanges.");
        }
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such community.", "communityId", "Only coordinators act on someone else's behalf.");
        }
        var member = await db.Members.AsNoTracking().Select(ExchangeAccess.StepColumns)
            .SingleOrDefaultAsync(m => m.Id == memberId && m.CommunityId == input.CommunityId, ct);
        return member is null ? new Failure(ErrorCode.NotFound, "No such member in this community.", "onBehalfOfMemberId") : member;
    }

    /// <summary>Every party active with an account, and the listing (if any) the provider's open offer here.</summary>
    private static async Task<Failure?> RefusalOfPartiesAsync(
        TimeBankDbContext db, ProposeGroupExchangeInput input, Member provider, IEnumerable<Member> receivers, CancellationToken ct)
    {
        foreach (var party in receivers.Prepend(provider))
        {
            if (party.Status != MemberStatus.Active || party.AccountId is null)
            {
                return new Failure(ErrorCode.WrongStatus, $"{party.DisplayName} is {party.Status.ToString().ToUpperInvariant()}, not ACTIVE.");
            }
        }
        if (input.ListingId is not { } listingId)
        {
            return null;
        }
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listingId && l.CommunityId == input.CommunityId, ct);
        if (listing is null)
        {
            return new Failure(ErrorCode.NotFound, "No such listing in this community.", "listingId");
        }
        if (listing.Kind != ListingKind.Offer || listing.OwnerMemberId != provider.Id)
        {
            return new Failure(ErrorCode.InvalidInput, "A group exchange comes from an offer of its provider.", "listingId");
        }
        return listing.Status == ListingStatus.Open
            ? null
            : new Failure(ErrorCode.WrongStatus, $"The listing is {listing.Status.ToString().ToUpperInvariant()}, not OPEN.", "listingId");
    }

    /// <summary>
    /// The group, then its shares, then each share's first timeline step, audit record and event, in one transaction:
    /// a group is proposed whole or not at all. Two calls racing with one key meet at the key's unique index.
    /// </summary>
    private static async Task<Outcome<GroupExchange>> SaveAsync(
        TimeBankDbContext db, ProposeGroupExchangeInput input, Member provider, Dictionary<long, Member> receivers, ExchangeActor actor,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var description = input.Description.Trim();
        var group = new GroupExchange
        {
            CommunityId = input.CommunityId,
            ProviderMemberId = provider.Id,
            ProposedByUserId = actor.UserId!.Value,
            ClientKey = input.IdempotencyKey,
            ListingId = input.ListingId,
            Description = description,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.GroupExchanges.Add(group);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation() && input.IdempotencyKey is { } key)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var first = await FirstWithKeyAsync(db, new Caller(actor.UserId, false), key, ct);
            return first is not null && await SameAsync(db, first, input, provider, ct) ? first : KeyConflict();
        }
        var shares = input.Shares.Select(s => new Exchange
        {
            CommunityId = input.CommunityId,
            ProviderMemberId = provider.Id,
            ReceiverMemberId = s.ReceiverMemberId,
            ProposedByMemberId = provider.Id,
            ListingId = input.ListingId,
            GroupExchangeId = group.Id,
            Description = description,
            AgreedMinutes = s.Minutes,
            Status = ExchangeStateMachine.Offer.To,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.Exchanges.AddRange(shares);
        await db.SaveChangesAsync(ct);
        var outbox = OutboxWriter.For(db, clock);
        foreach (var share in shares)
        {
            // Proposing writes nothing on the ledger, so no policy version is recorded.
            var step = new ExchangeStep(share, provider, receivers[share.ReceiverMemberId], actor, PolicyVersion: 0);
            var ask = new ExchangeAsk(ExchangeStateMachine.Offer, share.AgreedMinutes);
            db.ExchangeTransitions.Add(ExchangeFlow.Transition(actor, share.Id, null, ask, now));
            if (ExchangeStepAudit.Of(step, ask, share.Id, null) is { } act)
            {
                AuditTrail.For(db, clock).Add(act, actor.UserId!.Value);
            }
            ExchangeEvents.TellUpdated(outbox, share.Id, share.Status, step.Audience);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return group;
    }

    private static Task<GroupExchange?> FirstWithKeyAsync(TimeBankDbContext db, Caller caller, string key, CancellationToken ct) =>
        db.GroupExchanges.AsNoTracking().SingleOrDefaultAsync(g => g.ProposedByUserId == caller.UserId && g.ClientKey == key, ct);

    /// <summary>Whether a retry asks what the first call with its key proposed: the same provider, words, listing and shares.</summary>
    private static async Task<bool> SameAsync(TimeBankDbContext db, GroupExchange first, ProposeGroupExchangeInput input, Member provider, CancellationToken ct)
    {
        if (first.CommunityId != input.CommunityId || first.ProviderMemberId != provider.Id || first.ListingId != input.ListingId
            || first.Description != input.Description.Trim())
        {
            return false;
        }
        var shares = await db.Exchanges.AsNoTracking().Where(e => e.GroupExchangeId == first.Id)
            .Select(e => new { e.ReceiverMemberId, e.AgreedMinutes }).ToListAsync(ct);
        return shares.Count == input.Shares.Count
            && input.Shares.All(s => shares.Any(f => f.ReceiverMemberId == s.ReceiverMemberId && f.AgreedMinutes == s.Minutes));
    }

    private static Failure KeyConflict() =>
        new(ErrorCode.IdempotencyConflict, "This idempotency key was already used to propose another group exchange.", "idempotencyKey");
}
