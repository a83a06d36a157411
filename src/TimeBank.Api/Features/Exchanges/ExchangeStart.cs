using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>What the use cases that start an exchange share: who proposes, the checks on both parties, the new row.</summary>
public static class ExchangeStart
{
    public const int MaxMinutes = 1440;

    public static void Minutes<T>(IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, MaxMinutes);

    public static void Minutes<T>(IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, MaxMinutes);

    /// <summary>
    /// The member who proposes an exchange with <paramref name="otherParty"/>: the caller's own active membership, or
    /// (coordinators only) the member named in <paramref name="onBehalfOfMemberId"/>, where the coordinator is not
    /// the other party (<see cref="OnBehalf"/>).
    /// </summary>
    public static async Task<Outcome<(Member Member, ExchangeActor Actor)>> ProposerAsync(
        TimeBankDbContext db, Caller caller, long communityId, long? onBehalfOfMemberId, Member otherParty, CancellationToken ct) =>
        await ProposerAsync(db, await CommunityRoles.LoadAsync(db, communityId, caller, ct), communityId, onBehalfOfMemberId, otherParty, ct);

    /// <summary>The same, with the caller's roles in the community already loaded.</summary>
    public static async Task<Outcome<(Member Member, ExchangeActor Actor)>> ProposerAsync(
        TimeBankDbContext db, CommunityRoles roles, long communityId, long? onBehalfOfMemberId, Member otherParty, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var caller = roles.Caller;
        if (onBehalfOfMemberId is not { } memberId)
        {
            return roles.IsActiveMember
                ? (roles.Membership!, new ExchangeActor(caller.UserId, roles.Membership!.Id))
                : roles.Refuse("No such community.", "communityId", "Only active members of this community take part in exchanges.");
        }
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such community.", "communityId", "Only coordinators act on someone else's behalf.");
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.CommunityId == communityId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member in this community.", "onBehalfOfMemberId");
        }
        if (member.UserId != caller.UserId && OnBehalf.Refusal(caller, [member, otherParty], "onBehalfOfMemberId") is { } refused)
        {
            return refused;
        }
        return (member, new ExchangeActor(caller.UserId, member.Id));
    }

    /// <summary>
    /// Passes on why the proposer may not start an exchange. The caller named no community, so a community
    /// the caller is not in is reported on the input that led to it.
    /// </summary>
    public static Failure ProposerRefused<T>(Outcome<T> proposer, string inputField) =>
        new(proposer.Code!.Value, proposer.Message!, proposer.Code == ErrorCode.NotFound && proposer.Field == "communityId" ? inputField : proposer.Field);

    /// <summary>
    /// Starts an exchange on a listing: the caller (or the member a coordinator acts for) takes the side
    /// <paramref name="answer"/> names and the listing's owner the other. offerHelp and requestExchange
    /// differ only in that side and their wording.
    /// </summary>
    public static async Task<Outcome<Exchange>> FromListingAsync(
        ListingAnswer answer, long listingId, int? minutes, string? description, long? onBehalfOfMemberId,
        Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.IsAuthenticated)
        {
            return new Failure(ErrorCode.Unauthenticated, answer.LoginMessage);
        }
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listingId, ct);
        if (listing is null)
        {
            return new Failure(ErrorCode.NotFound, "No such listing.", "listingId");
        }
        var owner = await db.Members.AsNoTracking().SingleAsync(m => m.Id == listing.OwnerMemberId, ct);
        var proposer = await ProposerAsync(db, caller, listing.CommunityId, onBehalfOfMemberId, owner, ct);
        if (!proposer.Succeeded)
        {
            return ProposerRefused(proposer, "listingId");
        }
        if (listing.Kind != answer.ListingKind)
        {
            return new Failure(ErrorCode.InvalidInput, answer.WrongKindMessage, "listingId");
        }
        if (listing.Status != ListingStatus.Open)
        {
            return new Failure(ErrorCode.WrongStatus, $"The listing is {listing.Status.ToString().ToUpperInvariant()}, not OPEN.", "listingId");
        }
        if ((minutes ?? listing.EstimatedMinutes) is not { } agreed)
        {
            return new Failure(ErrorCode.InvalidInput, answer.NoEstimateMessage, "minutes");
        }
        var (callerMember, actor) = proposer.Value;
        var (provider, receiver) = answer.CallerRole == ExchangeRole.Provider ? (callerMember, owner) : (owner, callerMember);
        return await CreateAsync(db, provider, receiver, callerMember, listing.Id, agreed, description ?? listing.Title, answer.Action, actor, clock, ct);
    }

    /// <summary>Adds a REQUESTED exchange between two active members, with its first timeline step and event.</summary>
    public static async Task<Outcome<Exchange>> CreateAsync(
        TimeBankDbContext db, Member provider, Member receiver, Member proposer, long? listingId, int minutes, string? description,
        string action, ExchangeActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (provider.Id == receiver.Id)
        {
            return new Failure(ErrorCode.InvalidInput, "An exchange needs two different members.");
        }
        foreach (var party in new[] { provider, receiver })
        {
            if (party.Status != MemberStatus.Active || party.AccountId is null)
            {
                return new Failure(ErrorCode.WrongStatus, $"{party.DisplayName} is {party.Status.ToString().ToUpperInvariant()}, not ACTIVE.");
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // The first step needs the exchange's id, so two saves; one transaction keeps them one change.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var exchange = db.Exchanges.Add(new Exchange
        {
            CommunityId = provider.CommunityId,
            ProviderMemberId = provider.Id,
            ReceiverMemberId = receiver.Id,
            ProposedByMemberId = proposer.Id,
            ListingId = listingId,
            Description = description?.Trim() ?? "",
            AgreedMinutes = minutes,
            Status = ExchangeStatus.Requested,
            CreatedAt = now,
            UpdatedAt = now,
        }).Entity;
        await db.SaveChangesAsync(ct);
        db.ExchangeTransitions.Add(new ExchangeTransition
        {
            ExchangeId = exchange.Id,
            ToStatus = ExchangeStatus.Requested,
            Action = action,
            ActorUserId = actor.UserId,
            PrincipalMemberId = actor.PrincipalMemberId,
            Minutes = minutes,
            At = now,
        });
        ExchangeEvents.TellUpdated(OutboxWriter.For(db, clock), exchange.Id, exchange.Status, [provider.UserId, receiver.UserId]);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return exchange;
    }
}

/// <summary>What differs between answering a listing as its provider (offerHelp) and as its receiver (requestExchange).</summary>
public sealed record ListingAnswer(
    ExchangeRole CallerRole, ListingKind ListingKind, string Action, string LoginMessage, string WrongKindMessage, string NoEstimateMessage);
