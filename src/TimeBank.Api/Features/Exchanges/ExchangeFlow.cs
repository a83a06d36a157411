using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The moves every exchange use case shares. A move is legal only from the states it names. A move already made
/// (the exchange is in its target state) answers as the first time when asked again with the same content, so
/// clients may retry; asked with other content, or when another step led there, it is refused, because what was
/// asked was not applied (see <see cref="RepeatAsync"/>). Moves that touch the ledger change the exchange inside
/// the ledger's transaction.
/// </summary>
public static class ExchangeFlow
{
    /// <summary>How a repeated step is answered, as every step's description says it.</summary>
    public const string RepeatRule =
        "Sent again with the same content it answers as the first time and changes nothing; with other content it is " +
        "IDEMPOTENCY_CONFLICT, and after another step led to the same state, WRONG_STATUS.";

    /// <summary>Records a step: the new status, the timeline row and the event to both parties.</summary>
    public static void Record(TimeBankDbContext db, Exchange exchange, ExchangeStatus to, ExchangeAsk ask, ExchangeStep step, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ExchangeTransitions.Add(Transition(step, exchange.Id, exchange.Status, to, ask, now));
        exchange.Status = to;
        exchange.UpdatedAt = now;
        exchange.Version++;
        ExchangeEvents.TellUpdated(OutboxWriter.For(db, clock), exchange.Id, to, step.Audience);
    }

    /// <summary>
    /// Where a move stands before it is tried: null when the exchange is in a state the move leaves; otherwise the
    /// answer, a repeat's first result or why not.
    /// </summary>
    public static async Task<Outcome<Exchange>?> JudgeAsync(
        TimeBankDbContext db, Exchange exchange, IReadOnlySet<ExchangeStatus> from, ExchangeStatus to, ExchangeAsk ask, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(ask);
        if (exchange.Status == to)
        {
            return await RepeatAsync(db, exchange, to, ask, ct);
        }
        return from.Contains(exchange.Status) ? null : WrongStatus(ask.Action, exchange.Status);
    }

    /// <summary>A move without a ledger write; <paramref name="change"/> sets the step's own fields.</summary>
    public static async Task<Outcome<Exchange>> MoveAsync(
        TimeBankDbContext db, ExchangeStep step, IReadOnlySet<ExchangeStatus> from, ExchangeStatus to, ExchangeAsk ask, TimeProvider clock,
        CancellationToken ct, Action<Exchange>? change = null)
    {
        var exchange = step.Exchange;
        if (await JudgeAsync(db, exchange, from, to, ask, ct) is { } answer)
        {
            return answer;
        }
        db.Exchanges.Attach(exchange);
        change?.Invoke(exchange);
        Record(db, exchange, to, ask, step, clock);
        try
        {
            await db.SaveChangesAsync(ct);
            return exchange;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else moved it first: that move stands, and this one is judged against it.
            db.ChangeTracker.Clear();
            return await AfterRaceAsync(db, exchange.Id, to, ask, ct);
        }
    }

    /// <summary>
    /// A move with a ledger write. The exchange's rows are written inside the ledger's transaction and the
    /// move refused there if the exchange is no longer as it was read, so two concurrent calls make one entry.
    /// </summary>
    public static async Task<Outcome<Exchange>> MoveWithLedgerAsync(
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ExchangeStep step, IReadOnlySet<ExchangeStatus> from, ExchangeStatus to,
        ExchangeAsk ask, LedgerCommand command, LedgerMove move, TimeProvider clock, CancellationToken ct,
        Func<LedgerStatus, Task<Failure?>>? rejected = null)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        if (await JudgeAsync(db, exchange, from, to, ask, ct) is { } answer)
        {
            return answer;
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
                ExchangeRows.AddTransition(tx, Transition(step, exchange.Id, exchange.Status, to, ask, now));
                TellNow(tx, step, exchange.Id, to, written, settlement, move.BalanceOwners, clock);
                return Task.CompletedTask;
            }, ct);
        }
        catch (ExchangeMovedException)
        {
            return await AfterRaceAsync(db, exchange.Id, to, ask, ct);
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
            return await AfterRaceAsync(db, exchange.Id, to, ask, ct);
        }
        if (rejected is not null && await rejected(result.Status) is { } failure)
        {
            return failure;
        }
        throw new InvalidOperationException($"Exchange {exchange.Id}: the ledger refused '{ask.Action}' with {result.Status}.");
    }

    /// <summary>The timeline row of a step taken by the step's actor: what it asked for, as a repeat compares it.</summary>
    public static ExchangeTransition Transition(ExchangeStep step, long exchangeId, ExchangeStatus? from, ExchangeStatus to, ExchangeAsk ask, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        return new ExchangeTransition
        {
            ExchangeId = exchangeId,
            FromStatus = from,
            ToStatus = to,
            Action = ask.Action,
            ActorUserId = step.Actor.UserId,
            PrincipalMemberId = step.Actor.PrincipalMemberId,
            Minutes = ask.Minutes,
            Note = ask.RecordedNote,
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
        var outbox = OutboxWriter.OnLedgerWriter(PreparedStatements.Of(tx), clock);
        ExchangeEvents.TellUpdated(outbox, exchangeId, to, step.Audience);
        if (settlement is not null)
        {
            ExchangeEvents.TellAcknowledged(outbox, settlement, exchangeId, step.Provider.UserId, clock.GetUtcNow().UtcDateTime);
        }
        BalanceChanged.Tell(outbox, written, balanceOwners);
    }

    /// <summary>The ledger key of one step of one exchange: each step moves minutes at most once.</summary>
    public static string Key(Exchange exchange, string action) => $"exchange:{exchange.Id}:{action}";

    public static LedgerCause Cause(Exchange exchange) => new("exchange", exchange.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The failure of a step's loading, passed on as the step's own.</summary>
    public static Failure FailureOf<T>(Outcome<T> outcome) => new(outcome.Code!.Value, outcome.Message ?? "", outcome.Field);

    public static Failure WrongStatus(string action, ExchangeStatus status) =>
        new(ErrorCode.WrongStatus, $"Cannot {action} an exchange that is {status.ToString().ToUpperInvariant()}.");

    /// <summary>A move that lost a race, or found its ledger write already made, judged against the exchange as it now is.</summary>
    private static async Task<Outcome<Exchange>> AfterRaceAsync(TimeBankDbContext db, long exchangeId, ExchangeStatus to, ExchangeAsk ask, CancellationToken ct)
    {
        var now = await db.Exchanges.AsNoTracking().SingleAsync(e => e.Id == exchangeId, ct);
        return now.Status == to ? await RepeatAsync(db, now, to, ask, ct) : WrongStatus(ask.Action, now.Status);
    }

    /// <summary>
    /// The exchange is already where the move leads. The same step with the same content answers as the first time
    /// did; another step that led there (an acknowledgement where a resolution is asked) is WRONG_STATUS, and this
    /// step with other content (other minutes, another note or reason) is IDEMPOTENCY_CONFLICT: neither was applied,
    /// so neither may look like a success. No state is entered twice, so one timeline row led there.
    /// </summary>
    private static async Task<Outcome<Exchange>> RepeatAsync(TimeBankDbContext db, Exchange exchange, ExchangeStatus to, ExchangeAsk ask, CancellationToken ct)
    {
        var made = await db.ExchangeTransitions.AsNoTracking()
            .Where(t => t.ExchangeId == exchange.Id && t.ToStatus == to && (t.FromStatus == null || t.FromStatus != to))
            .OrderBy(t => t.Id)
            .FirstAsync(ct);
        var status = to.ToString().ToUpperInvariant();
        if (made.Action != ask.Action)
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot {ask.Action} an exchange that is already {status} (by {made.Action}).");
        }
        if (made.Minutes != ask.Minutes || ExchangeAsk.Recorded(made.Note) != ask.RecordedNote)
        {
            var minutes = made.Minutes is { } stated ? $" for {stated} minutes" : "";
            return new Failure(ErrorCode.IdempotencyConflict,
                $"This exchange is already {status} by a '{made.Action}'{minutes} with other content; sent again, a step must ask the same.");
        }
        return exchange;
    }

    /// <summary>Thrown inside the ledger's transaction to undo a move whose exchange moved meanwhile.</summary>
    private sealed class ExchangeMovedException : Exception;
}

/// <summary>
/// What a step asks for: its verb and its content (the minutes it states, its note or reason). The timeline keeps
/// it, and a repeat of the step is compared with it.
/// </summary>
public sealed record ExchangeAsk(string Action, int? Minutes = null, string? Note = null)
{
    /// <summary>The note as the timeline keeps it: trimmed, and null when blank.</summary>
    public string? RecordedNote => Recorded(Note);

    public static string? Recorded(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}

/// <summary>
/// The exchange's side of a step that moves minutes, beside its new status: whether it records the hold
/// the ledger placed, the minutes it settles for (the provider is told), and whose changed balances are told.
/// </summary>
public sealed record LedgerMove(IReadOnlyList<Member> BalanceOwners)
{
    public bool PlacesHold { get; init; }

    public int? SettledMinutes { get; init; }
}
