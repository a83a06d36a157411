using TimeBank.Api.Data.Entities;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The ledger command of each step whose row in <see cref="ExchangeStateMachine"/> writes the ledger: hold the agreed
/// minutes, post the hold for the settled minutes (the rest released), void it, or transfer at once (a recorded exchange).
/// </summary>
public static class ExchangeLedgerCommands
{
    /// <summary>The command of a step on an existing exchange (hold, post or void).</summary>
    public static LedgerCommand For(ExchangeStep step, ExchangeAsk ask)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        return ask.Move.Ledger switch
        {
            LedgerWrite.Hold => new PlaceHold(step.Receiver.AccountId!.Value, step.Provider.AccountId!.Value, exchange.AgreedMinutes)
            {
                IdempotencyKey = LedgerVocabulary.ExchangeStepKey(exchange.Id, ask.Move.Action),
                ActorId = step.Actor.LedgerActor,
                PrincipalId = step.Actor.LedgerPrincipal,
                Cause = LedgerVocabulary.ExchangeCause(exchange.Id),
                PolicyVersion = step.PolicyVersion,
            },
            // Whoever settles, the key is the exchange's settlement key: an acknowledgement and the auto-acknowledge job
            // racing still make one entry.
            LedgerWrite.Post => new PostHold(HoldOf(exchange), ask.Minutes ?? throw new ArgumentException("A settlement states its minutes.", nameof(ask)))
            {
                IdempotencyKey = LedgerVocabulary.ExchangeSettlementKey(exchange.Id),
                ActorId = step.Actor.LedgerActor,
                PrincipalId = step.Actor.LedgerPrincipal,
                Cause = LedgerVocabulary.ExchangeCause(exchange.Id),
                Memo = exchange.Description.Length == 0 ? "exchange" : exchange.Description,
                PolicyVersion = step.PolicyVersion,
            },
            LedgerWrite.Void => new VoidHold(HoldOf(exchange))
            {
                IdempotencyKey = LedgerVocabulary.ExchangeStepKey(exchange.Id, ask.Move.Action),
                ActorId = step.Actor.LedgerActor,
                PrincipalId = step.Actor.LedgerPrincipal,
                Cause = LedgerVocabulary.ExchangeCause(exchange.Id),
                PolicyVersion = step.PolicyVersion,
            },
            _ => throw new ArgumentException($"'{ask.Move.Action}' is not a step on an existing exchange that writes the ledger.", nameof(ask)),
        };
    }

    /// <summary>
    /// The transfer of an exchange recorded as already settled. It has no id before the ledger accepts, so its key is
    /// <paramref name="recordKey"/>: the caller's own (scoped to them) or a fresh one. <paramref name="cause"/> is
    /// <see cref="LedgerVocabulary.RecordedExchangeCause"/> but for a retry of a recording made before it.
    /// </summary>
    public static Transfer Record(ExchangeStep step, ExchangeAsk ask, string recordKey, LedgerCause cause)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        return Transfer.Between(step.Receiver.AccountId!.Value, step.Provider.AccountId!.Value, ask.Minutes!.Value,
            LedgerVocabulary.RecordedExchangeKey(recordKey), step.Actor.LedgerActor, EntryKind.Exchange) with
        {
            PrincipalId = step.Actor.LedgerPrincipal,
            Cause = cause,
            Memo = exchange.Description.Length == 0 ? "recorded exchange" : exchange.Description,
            PolicyVersion = step.PolicyVersion,
        };
    }

    // Only exchanges accepted and not yet settled or cancelled hold minutes, and only they are in a state these steps leave.
    private static long HoldOf(Exchange exchange) =>
        exchange.HoldId ?? throw new InvalidOperationException($"Exchange {exchange.Id} is {exchange.Status} without a hold.");
}
