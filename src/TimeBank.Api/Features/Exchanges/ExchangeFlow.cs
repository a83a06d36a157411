using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The moves every exchange use case shares. A move is legal only from the states it names; a move
/// already made (the exchange is in its target state) succeeds again without changing anything, so
/// clients may retry. Moves that touch the ledger change the exchange inside the ledger's transaction.
/// </summary>
public static class ExchangeFlow
{
    /// <summary>Records a step: the new status, the timeline row and the event to both parties.</summary>
    public static void Record(
        TimeBankDbContext db, Exchange exchange, ExchangeStatus to, string action, ExchangeStep step, TimeProvider clock,
        int? minutes = null, string? note = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ExchangeTransitions.Add(Transition(step, exchange.Id, exchange.Status, to, action, minutes, note, now));
        exchange.Status = to;
        exchange.UpdatedAt = now;
        exchange.Version++;
        db.Outbox.Add(ExchangeEvents.ExchangeUpdated(exchange.Id, to, step.Audience, clock));
    }

    /// <summary>A move without a ledger write; <paramref name="change"/> sets the step's own fields.</summary>
    public static async Task<Outcome<Exchange>> MoveAsync(
        TimeBankDbContext db, ExchangeStep step, IReadOnlySet<ExchangeStatus> from, ExchangeStatus to, string action, TimeProvider clock,
        CancellationToken ct, Action<Exchange>? change = null, int? minutes = null, string? note = null)
    {
        var exchange = step.Exchange;
        if (exchange.Status == to)
        {
            return exchange;
        }
        if (!from.Contains(exchange.Status))
        {
            return WrongStatus(action, exchange.Status);
        }
        db.Exchanges.Attach(exchange);
        change?.Invoke(exchange);
        Record(db, exchange, to, action, step, clock, minutes, note);
        try
        {
            await db.SaveChangesAsync(ct);
            return exchange;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else moved it first: that move stands, and this one is judged against it.
            db.ChangeTracker.Clear();
            return await AfterRaceAsync(db, exchange.Id, to, action, ct);
        }
    }

    /// <summary>
    /// A move with a ledger write. The exchange's rows are written inside the ledger's transaction and the
    /// move refused there if the exchange is no longer as it was read, so two concurrent calls make one entry.
    /// </summary>
    public static async Task<Outcome<Exchange>> MoveWithLedgerAsync(
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ExchangeStep step, IReadOnlySet<ExchangeStatus> from, ExchangeStatus to,
        string action, LedgerCommand command, LedgerMove move, TimeProvider clock, CancellationToken ct,
        Func<LedgerStatus, Task<Failure?>>? rejected = null)
    {
        var exchange = step.Exchange;
        if (exchange.Status == to)
        {
            return exchange;
        }
        if (!from.Contains(exchange.Status))
        {
            return WrongStatus(action, exchange.Status);
        }
        LedgerResult result;
        (DateTime At, long? HoldId, ExchangeSettlement? Settlement) made = default;
        try
        {
            result = await ledger.SubmitAsync(command, (tx, written, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var settlement = move.SettledMinutes is { } minutes ? new ExchangeSettlement(minutes, written.EntrySequence!.Value) : null;
                var holdId = move.PlacesHold ? written.HoldId : null;
                if (!ExchangeRows.TryMove(tx, exchange.Id, exchange.Status, to, now, holdId, settlement))
                {
                    throw new ExchangeMovedException();
                }
                made = (now, holdId, settlement);
                ExchangeRows.AddTransition(tx, Transition(step, exchange.Id, exchange.Status, to, action, move.TimelineMinutes, move.Note, now));
                TellNow(tx, step, exchange.Id, to, written, settlement, move.BalanceOwners, clock);
                return Task.CompletedTask;
            }, ct);
        }
        catch (ExchangeMovedException)
        {
            return await AfterRaceAsync(db, exchange.Id, to, action, ct);
        }
        if (result.Succeeded && !result.IsReplay)
        {
            // Every move changes the status and none leads back, so the row found in the status read was the
            // row read: the moved exchange is known without reading it again.
            exchange.Status = to;
            exchange.UpdatedAt = made.At;
            exchange.Version++;
            exchange.HoldId = made.HoldId ?? exchange.HoldId;
            if (made.Settlement is { } settled)
            {
                (exchange.ActualMinutes, exchange.SettlementEntrySequence, exchange.SettledAt) = (settled.Minutes, settled.EntrySequence, made.At);
            }
            return exchange;
        }
        // A replay, or the same key sent with other content (another person's retry), or a hold another
        // move already resolved: the exchange row says what happened.
        if (result.Succeeded || result.Status is LedgerStatus.IdempotencyConflict or LedgerStatus.HoldNotPending or LedgerStatus.HoldNotFound)
        {
            return await AfterRaceAsync(db, exchange.Id, to, action, ct);
        }
        if (rejected is not null && await rejected(result.Status) is { } failure)
        {
            return failure;
        }
        throw new InvalidOperationException($"Exchange {exchange.Id}: the ledger refused '{action}' with {result.Status}.");
    }

    /// <summary>The timeline row of a step taken by the step's actor.</summary>
    public static ExchangeTransition Transition(
        ExchangeStep step, long exchangeId, ExchangeStatus? from, ExchangeStatus to, string action, int? minutes, string? note, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new ExchangeTransition
        {
            ExchangeId = exchangeId,
            FromStatus = from,
            ToStatus = to,
            Action = action,
            ActorUserId = step.Actor.UserId,
            PrincipalMemberId = step.Actor.PrincipalMemberId,
            Minutes = minutes,
            Note = note,
            At = at,
        };
    }

    /// <summary>
    /// The events of a step that moved minutes, written in the ledger writer's transaction: both parties
    /// hear of the new status, the provider of minutes received, each owner of a changed account of its balance.
    /// </summary>
    public static void TellNow(
        TimeBankDbContext tx, ExchangeStep step, long exchangeId, ExchangeStatus to, LedgerResult written, ExchangeSettlement? settlement,
        IEnumerable<Member> balanceOwners, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(step);
        tx.WriteNow(ExchangeEvents.ExchangeUpdated(exchangeId, to, step.Audience, clock));
        if (settlement is not null)
        {
            tx.WriteNow(ExchangeEvents.AcknowledgementReceived(exchangeId, settlement.EntrySequence, settlement.Minutes, step.Provider.UserId, clock));
        }
        foreach (var message in ExchangeEvents.BalancesChanged(written, balanceOwners, clock))
        {
            tx.WriteNow(message);
        }
    }

    /// <summary>The ledger key of one step of one exchange: each step moves minutes at most once.</summary>
    public static string Key(Exchange exchange, string action) => $"exchange:{exchange.Id}:{action}";

    public static LedgerCause Cause(Exchange exchange) => new("exchange", exchange.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The failure of a step's loading, passed on as the step's own.</summary>
    public static Failure FailureOf<T>(Outcome<T> outcome) => new(outcome.Code!.Value, outcome.Message ?? "", outcome.Field);

    public static Failure WrongStatus(string action, ExchangeStatus status) =>
        new(ErrorCode.WrongStatus, $"Cannot {action} an exchange that is {status.ToString().ToUpperInvariant()}.");

    private static async Task<Outcome<Exchange>> AfterRaceAsync(TimeBankDbContext db, long exchangeId, ExchangeStatus to, string action, CancellationToken ct)
    {
        var now = await db.Exchanges.AsNoTracking().SingleAsync(e => e.Id == exchangeId, ct);
        return now.Status == to ? now : WrongStatus(action, now.Status);
    }

    /// <summary>Thrown inside the ledger's transaction to undo a move whose exchange moved meanwhile.</summary>
    private sealed class ExchangeMovedException : Exception;
}

/// <summary>
/// The exchange's side of a step that moves minutes, beside its new status: whether it records the hold
/// the ledger placed, the minutes it settles for (the provider is told), the timeline's figures, and whose
/// changed balances are told.
/// </summary>
public sealed record LedgerMove(IReadOnlyList<Member> BalanceOwners)
{
    public bool PlacesHold { get; init; }

    public int? SettledMinutes { get; init; }

    public int? TimelineMinutes { get; init; }

    public string? Note { get; init; }
}
