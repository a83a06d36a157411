using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

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
    /// <paramref name="answer"/>'s row names and the listing's owner the other. offerHelp and requestExchange
    /// differ only in that side and their wording.
    /// </summary>
    public static async Task<Outcome<Exchange>> FromListingAsync(ListingAnswer answer, ListingAnswerInput input, Caller caller, ExchangeRun run)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(run);
        var (db, ct) = (run.Db, run.Ct);
        if (caller.RefuseAnonymous(answer.LoginMessage) is { } anonymous)
        {
            return anonymous;
        }
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.Id == input.ListingId, ct);
        if (listing is null)
        {
            return new Failure(ErrorCode.NotFound, "No such listing.", "listingId");
        }
        var owner = await db.Members.AsNoTracking().SingleAsync(m => m.Id == listing.OwnerMemberId, ct);
        var proposer = await ProposerAsync(db, caller, listing.CommunityId, input.OnBehalfOfMemberId, owner, ct);
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
        if ((input.Minutes ?? listing.EstimatedMinutes) is not { } agreed)
        {
            return new Failure(ErrorCode.InvalidInput, answer.NoEstimateMessage, "minutes");
        }
        var (callerMember, actor) = proposer.Value;
        var (provider, receiver) = answer.Move.Party == ExchangeParty.Provider ? (callerMember, owner) : (owner, callerMember);
        return await OpenAsync(run, new ExchangeOpening(answer.Move, provider, receiver, callerMember, actor, agreed)
        {
            ListingId = listing.Id,
            Description = input.Description ?? listing.Title,
        });
    }

    /// <summary>
    /// Starts an exchange between two active members, as its row says: saved by EF Core with its first timeline step
    /// and event, or, for a start that writes the ledger (recording one already settled), written in the ledger's
    /// transaction beside the entry that moves its minutes.
    /// </summary>
    public static async Task<Outcome<Exchange>> OpenAsync(ExchangeRun run, ExchangeOpening opening)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(opening);
        if (opening.Provider.Id == opening.Receiver.Id)
        {
            return new Failure(ErrorCode.InvalidInput, "An exchange needs two different members.", opening.OtherPartyField);
        }
        foreach (var party in new[] { opening.Provider, opening.Receiver })
        {
            if (party.Status != MemberStatus.Active || party.AccountId is null)
            {
                return new Failure(ErrorCode.WrongStatus, $"{party.DisplayName} is {party.Status.ToString().ToUpperInvariant()}, not ACTIVE.");
            }
        }
        var exchange = new Exchange
        {
            CommunityId = opening.Provider.CommunityId,
            ProviderMemberId = opening.Provider.Id,
            ReceiverMemberId = opening.Receiver.Id,
            ProposedByMemberId = opening.Proposer.Id,
            ListingId = opening.ListingId,
            Description = opening.Description?.Trim() ?? "",
            AgreedMinutes = opening.Minutes,
            Status = opening.Move.To,
        };
        var step = new ExchangeStep(exchange, opening.Provider, opening.Receiver, opening.Actor, opening.PolicyVersion);
        var ask = new ExchangeAsk(opening.Move, opening.Minutes);
        return opening.Move.Ledger == LedgerWrite.None ? await SaveAsync(run, step, ask) : await WriteWithLedgerAsync(run, step, ask, opening.RecordKey);
    }

    private static async Task<Outcome<Exchange>> SaveAsync(ExchangeRun run, ExchangeStep step, ExchangeAsk ask)
    {
        var (db, exchange) = (run.Db, step.Exchange);
        exchange.CreatedAt = exchange.UpdatedAt = run.Clock.GetUtcNow().UtcDateTime;
        // The first step needs the exchange's id, so two saves; one transaction keeps them one change.
        await using var transaction = await db.Database.BeginTransactionAsync(run.Ct);
        db.Exchanges.Add(exchange);
        await db.SaveChangesAsync(run.Ct);
        db.ExchangeTransitions.Add(ExchangeFlow.Transition(step.Actor, exchange.Id, null, ask, exchange.CreatedAt));
        if (ExchangeStepAudit.Of(step, ask, exchange.Id, null) is { } act)
        {
            AuditTrail.For(db, run.Clock).Add(act, step.Actor.UserId!.Value);
        }
        ExchangeEvents.TellUpdated(OutboxWriter.For(db, run.Clock), exchange.Id, exchange.Status, step.Audience);
        await db.SaveChangesAsync(run.Ct);
        await transaction.CommitAsync(run.Ct);
        return exchange;
    }

    /// <summary>
    /// An exchange recorded as settled: the minutes move in one entry and the exchange is created beside it. It has no id
    /// before the ledger accepts, so a retry is known by <paramref name="recordKey"/> and finds the exchange by its entry.
    /// </summary>
    private static async Task<Outcome<Exchange>> WriteWithLedgerAsync(ExchangeRun run, ExchangeStep step, ExchangeAsk ask, string? recordKey)
    {
        var exchange = step.Exchange;
        var key = recordKey ?? LedgerVocabulary.FreshRecordKey();
        var written = false;
        Task<LedgerResult> SubmitAsync(LedgerCause cause) => PreparedStatements.SubmitAsync(run.LedgerFor(ask.Move), ExchangeLedgerCommands.Record(step, ask, key, cause), (statements, entry) =>
        {
            var now = run.Clock.GetUtcNow().UtcDateTime;
            (exchange.CreatedAt, exchange.UpdatedAt, exchange.CompletedAt) = (now, now, now);
            ExchangeFlow.TakeLedgerReferences(exchange, ask, entry, now);
            exchange.Id = ExchangeRows.Insert(statements, exchange);
            ExchangeRows.AddTransition(statements, ExchangeFlow.Transition(step.Actor, exchange.Id, null, ask, now));
            if (ExchangeStepAudit.Of(step, ask, exchange.Id, null) is { } act)
            {
                AuditTrail.OnLedgerWriter(statements, run.Clock).Add(act, step.Actor.UserId!.Value);
            }
            ExchangeFlow.WriteEventsToOutbox(statements, step, ask, entry, run.Clock);
            written = true;
            return Task.CompletedTask;
        }, run.Clock, run.Ct);

        var result = await SubmitAsync(LedgerVocabulary.RecordedExchangeCause(key));
        if (result.Status == LedgerStatus.IdempotencyConflict && recordKey is not null)
        {
            // A retry of a recording made before recorded exchanges took the cause type "exchange": the ledger finds it
            // with the cause it was written with, and only then; a key is never written twice.
            result = await SubmitAsync(LedgerVocabulary.RecordedExchangeCauseBefore(key)) is { Succeeded: true } before ? before : result;
        }
        if (result.Succeeded)
        {
            // A replay: the key's first call recorded this entry, and with it the exchange.
            return written && !result.IsReplay
                ? exchange
                : await run.Db.Exchanges.AsNoTracking().SingleAsync(e => e.SettlementEntrySequence == result.EntrySequence, run.Ct);
        }
        if (result.Status == LedgerStatus.IdempotencyConflict)
        {
            return new Failure(ErrorCode.IdempotencyConflict, "This idempotency key was already used to record another exchange.", "idempotencyKey");
        }
        return await LedgerRejections.Rejections(run.Db, step, ask.Minutes!.Value, run.Ct)(result.Status) is { } failure
            ? failure
            : throw new InvalidOperationException($"Recording an exchange: the ledger said {result.Status}.");
    }
}

/// <summary>
/// A new exchange as the step that starts it asks for it: that step's row of <see cref="ExchangeStateMachine"/>, both
/// parties, the member who proposes it, who acts, and the minutes agreed.
/// </summary>
public sealed record ExchangeOpening(ExchangeMove Move, Member Provider, Member Receiver, Member Proposer, ExchangeActor Actor, int Minutes)
{
    public long? ListingId { get; init; }

    public string? Description { get; init; }

    /// <summary>The input that names the other party, where a refusal about the two parties points.</summary>
    public string? OtherPartyField { get; init; }

    /// <summary>The version of the community's policy in force, which a ledger write records.</summary>
    public int PolicyVersion { get; init; }

    /// <summary>For a start that writes the ledger: the key a retry is known by (scoped to the caller); null, every call writes.</summary>
    public string? RecordKey { get; init; }
}

/// <summary>What offerHelp and requestExchange ask: the listing answered, and optionally the minutes, a description and the member acted for.</summary>
public sealed record ListingAnswerInput(long ListingId, int? Minutes, string? Description, long? OnBehalfOfMemberId);

/// <summary>What differs between answering a listing as its provider (offerHelp) and as its receiver (requestExchange).</summary>
public sealed record ListingAnswer(ExchangeMove Move, ListingKind ListingKind, string LoginMessage, string WrongKindMessage, string NoEstimateMessage);
