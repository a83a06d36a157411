using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>What a step runs with: the request's database context, the ledger writer (steps that write the ledger), the clock.</summary>
public sealed record ExchangeRun(TimeBankDbContext Db, LedgerWriter<TimeBankDbContext>? Ledger, TimeProvider Clock, CancellationToken Ct)
{
    /// <summary>The ledger writer, for a step whose row says it writes the ledger.</summary>
    public LedgerWriter<TimeBankDbContext> LedgerFor(ExchangeMove move) =>
        Ledger ?? throw new InvalidOperationException($"'{move?.Action}' writes the ledger: run it with the ledger writer.");
}

/// <summary>
/// Takes steps on existing exchanges as <see cref="ExchangeStateMachine"/> says. A step is legal only from the states
/// its row names. A step already made (the exchange is in its target state) answers as the first time when asked again
/// with the same content, so clients may retry; asked with other content, or when another step led there, it is
/// refused, because what was asked was not applied (see <see cref="RepeatAsync"/>). Steps that write the ledger change
/// the exchange inside the ledger's transaction.
/// </summary>
public static class ExchangeFlow
{
    /// <summary>How a repeated step is answered, as every step's description says it.</summary>
    public const string RepeatRule =
        "Sent again with the same content it answers as the first time and changes nothing; with other content it is " +
        "IDEMPOTENCY_CONFLICT, and after another step led to the same state, WRONG_STATUS.";

    /// <summary>
    /// Takes the step <paramref name="ask"/> names on the exchange <paramref name="step"/> loaded: judged by its row's
    /// states, then saved by EF Core, or written with the ledger when the row says it writes it.
    /// <paramref name="change"/> sets the step's own fields (only steps without a ledger write have any).
    /// </summary>
    public static async Task<Outcome<Exchange>> TakeAsync(ExchangeRun run, ExchangeStep step, ExchangeAsk ask, Action<Exchange>? change = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        if (await JudgeAsync(run.Db, step.Exchange, ask, run.Ct) is { } answer)
        {
            return answer;
        }
        // An exchange never accepted holds nothing, so calling it off has nothing to release.
        var writesLedger = ask.Move.Ledger switch
        {
            LedgerWrite.None => false,
            LedgerWrite.Void => step.Exchange.HoldId is not null,
            _ => true,
        };
        if (writesLedger && change is not null)
        {
            throw new ArgumentException($"'{ask.Move.Action}' writes the ledger; its changes are the ledger's references.", nameof(change));
        }
        return writesLedger ? await WriteWithLedgerAsync(run, step, ask) : await SaveAsync(run, step, ask, change);
    }

    /// <summary>
    /// Records a step by EF Core, to be saved with the context's other changes: the new status, the timeline row and
    /// the event to both parties.
    /// </summary>
    public static void Record(TimeBankDbContext db, ExchangeStep step, ExchangeAsk ask, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        var now = clock.GetUtcNow().UtcDateTime;
        db.ExchangeTransitions.Add(Transition(step.Actor, exchange.Id, exchange.Status, ask, now));
        if (ExchangeStepAudit.Of(step, ask, exchange.Id, exchange.Status) is { } act)
        {
            AuditTrail.For(db, clock).Add(act, step.Actor.UserId!.Value);
        }
        Enter(exchange, ask.Move, now, exchange.Version);
        ExchangeEvents.TellUpdated(OutboxWriter.For(db, clock), exchange.Id, ask.Move.To, step.Audience);
    }

    /// <summary>The timeline row of a step: who took it, what it asked for, as a repeat compares it.</summary>
    public static ExchangeTransition Transition(ExchangeActor actor, long exchangeId, ExchangeStatus? from, ExchangeAsk ask, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ask);
        return new ExchangeTransition
        {
            ExchangeId = exchangeId,
            FromStatus = from,
            ToStatus = ask.Move.To,
            Action = ask.Move.Action,
            ActorUserId = actor.UserId,
            PrincipalMemberId = actor.PrincipalMemberId,
            Minutes = ask.Minutes,
            Note = ask.RecordedNote,
            At = at,
        };
    }

    /// <summary>
    /// Sets on the exchange what the ledger wrote for the step: the hold it placed, or the entry that moved the
    /// minutes and how many. The writer's statement writes these columns from the exchange, which is then returned.
    /// </summary>
    public static void TakeLedgerReferences(Exchange exchange, ExchangeAsk ask, LedgerResult written, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(written);
        if (ask.Move.Ledger == LedgerWrite.Hold)
        {
            exchange.HoldId = written.HoldId;
        }
        else if (ask.Move.Ledger.MovesMinutes())
        {
            exchange.ActualMinutes = ask.Minutes ?? throw new ArgumentException("A settlement states its minutes.", nameof(ask));
            exchange.SettlementEntrySequence = written.EntrySequence;
            exchange.SettledAt = at;
        }
    }

    /// <summary>
    /// Writes the events of a step that wrote the ledger to the outbox, in the ledger writer's transaction: both parties
    /// hear of the new status, the provider of minutes received, each owner of a changed account of its balance.
    /// </summary>
    public static void WriteEventsToOutbox(PreparedStatements statements, ExchangeStep step, ExchangeAsk ask, LedgerResult written, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        var outbox = OutboxWriter.OnLedgerWriter(statements, clock);
        ExchangeEvents.TellUpdated(outbox, exchange.Id, exchange.Status, step.Audience);
        if (ask.Move.Ledger.MovesMinutes())
        {
            ExchangeEvents.TellAcknowledged(outbox, exchange.Id, exchange.SettlementEntrySequence!.Value, exchange.ActualMinutes!.Value,
                step.Provider.UserId, clock.GetUtcNow().UtcDateTime);
        }
        // A hold or its release changes only what the receiver may spend; moving minutes changes both balances.
        BalanceChanged.Tell(outbox, written, ask.Move.Ledger.MovesMinutes() ? [step.Receiver, step.Provider] : [step.Receiver]);
    }

    /// <summary>The failure of a step's loading, passed on as the step's own.</summary>
    public static Failure FailureOf<T>(Outcome<T> outcome) => new(outcome.Code!.Value, outcome.Message ?? "", outcome.Field);

    public static Failure WrongStatus(ExchangeMove move, ExchangeStatus status)
    {
        ArgumentNullException.ThrowIfNull(move);
        return new(ErrorCode.WrongStatus, $"Cannot {move.Verb} an exchange that is {status.ToString().ToUpperInvariant()}.");
    }

    /// <summary>
    /// Where a step stands before it is tried: null when the exchange is in a state the step leaves; otherwise the
    /// answer, a repeat's first result or why not.
    /// </summary>
    private static async Task<Outcome<Exchange>?> JudgeAsync(TimeBankDbContext db, Exchange exchange, ExchangeAsk ask, CancellationToken ct)
    {
        if (exchange.Status == ask.Move.To)
        {
            return await RepeatAsync(db, exchange, ask, ct);
        }
        return ask.Move.Leaves(exchange.Status) ? null : WrongStatus(ask.Move, exchange.Status);
    }

    /// <summary>The one place a step changes an exchange's status, for EF Core to save or the writer's statement to write.</summary>
    private static void Enter(Exchange exchange, ExchangeMove move, DateTime at, int versionRead)
    {
        exchange.Status = move.To;
        exchange.UpdatedAt = at;
        exchange.Version = versionRead + 1;
    }

    private static async Task<Outcome<Exchange>> SaveAsync(ExchangeRun run, ExchangeStep step, ExchangeAsk ask, Action<Exchange>? change)
    {
        var exchange = step.Exchange;
        run.Db.Exchanges.Attach(exchange);
        change?.Invoke(exchange);
        Record(run.Db, step, ask, run.Clock);
        try
        {
            await run.Db.SaveChangesAsync(run.Ct);
            return exchange;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else moved it first: that move stands, and this one is judged against it.
            run.Db.ChangeTracker.Clear();
            return await AfterRaceAsync(run.Db, exchange.Id, ask, run.Ct);
        }
    }

    /// <summary>
    /// A step with a ledger write. The exchange's rows are written inside the ledger's transaction and the step
    /// refused there if the exchange is no longer as it was read, so two concurrent calls make one entry.
    /// </summary>
    private static async Task<Outcome<Exchange>> WriteWithLedgerAsync(ExchangeRun run, ExchangeStep step, ExchangeAsk ask)
    {
        var exchange = step.Exchange;
        // The writer may run the callback again (a lost race inside its batch), so it starts from what was read each time.
        var (statusRead, versionRead) = (exchange.Status, exchange.Version);
        LedgerResult result;
        try
        {
            result = await PreparedStatements.SubmitAsync(run.LedgerFor(ask.Move), ExchangeLedgerCommands.For(step, ask), (statements, written) =>
            {
                var now = run.Clock.GetUtcNow().UtcDateTime;
                Enter(exchange, ask.Move, now, versionRead);
                TakeLedgerReferences(exchange, ask, written, now);
                if (!ExchangeRows.TryMove(statements, exchange, statusRead))
                {
                    throw new ExchangeMovedException();
                }
                ExchangeRows.AddTransition(statements, Transition(step.Actor, exchange.Id, statusRead, ask, now));
                if (ExchangeStepAudit.Of(step, ask, exchange.Id, statusRead) is { } act)
                {
                    AuditTrail.OnLedgerWriter(statements, run.Clock).Add(act, step.Actor.UserId!.Value);
                }
                WriteEventsToOutbox(statements, step, ask, written, run.Clock);
                return Task.CompletedTask;
            }, run.Clock, run.Ct);
        }
        catch (ExchangeMovedException)
        {
            return await AfterRaceAsync(run.Db, exchange.Id, ask, run.Ct);
        }
        if (result.Succeeded && !result.IsReplay)
        {
            // The exchange is the row the statement wrote: every step changes the status and none leads back, so the
            // row found in the status read was the row read, and nothing needs reading again.
            return exchange;
        }
        // A replay, or the same key sent with other content (another person's retry), or a hold another
        // step already resolved: the exchange row says what happened.
        if (result.Succeeded || result.Status is LedgerStatus.IdempotencyConflict or LedgerStatus.HoldNotPending or LedgerStatus.HoldNotFound)
        {
            return await AfterRaceAsync(run.Db, exchange.Id, ask, run.Ct);
        }
        // Holding and posting can pass a limit; the minutes they ask are the minutes they move.
        if (ask.Move.Ledger is LedgerWrite.Hold or LedgerWrite.Post
            && await LedgerRejections.Rejections(run.Db, step, ask.Minutes!.Value, run.Ct)(result.Status) is { } failure)
        {
            return failure;
        }
        throw new InvalidOperationException($"Exchange {exchange.Id}: the ledger refused '{ask.Move.Action}' with {result.Status}.");
    }

    /// <summary>A step that lost a race, or found its ledger write already made, judged against the exchange as it now is.</summary>
    private static async Task<Outcome<Exchange>> AfterRaceAsync(TimeBankDbContext db, long exchangeId, ExchangeAsk ask, CancellationToken ct)
    {
        var now = await db.Exchanges.AsNoTracking().SingleAsync(e => e.Id == exchangeId, ct);
        return now.Status == ask.Move.To ? await RepeatAsync(db, now, ask, ct) : WrongStatus(ask.Move, now.Status);
    }

    /// <summary>
    /// The exchange is already where the step leads. The same step with the same content answers as the first time
    /// did; another step that led there (an acknowledgement where a resolution is asked) is WRONG_STATUS, and this
    /// step with other content (other minutes, another note or reason) is IDEMPOTENCY_CONFLICT: neither was applied,
    /// so neither may look like a success. No state is entered twice, so one timeline row led there.
    /// </summary>
    private static async Task<Outcome<Exchange>> RepeatAsync(TimeBankDbContext db, Exchange exchange, ExchangeAsk ask, CancellationToken ct)
    {
        var to = ask.Move.To;
        var made = await db.ExchangeTransitions.AsNoTracking()
            .Where(t => t.ExchangeId == exchange.Id && t.ToStatus == to && (t.FromStatus == null || t.FromStatus != to))
            .OrderBy(t => t.Id)
            .FirstAsync(ct);
        var status = to.ToString().ToUpperInvariant();
        if (made.Action != ask.Move.Action)
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot {ask.Move.Action} an exchange that is already {status} (by {made.Action}).");
        }
        if (made.Minutes != ask.Minutes || ExchangeAsk.Recorded(made.Note) != ask.RecordedNote)
        {
            var minutes = made.Minutes is { } stated ? $" for {stated} minutes" : "";
            return new Failure(ErrorCode.IdempotencyConflict,
                $"This exchange is already {status} by a '{made.Action}'{minutes} with other content; sent again, a step must ask the same.");
        }
        return exchange;
    }

    /// <summary>Thrown inside the ledger's transaction to undo a step whose exchange moved meanwhile.</summary>
    private sealed class ExchangeMovedException : Exception;
}

/// <summary>
/// What a step asks for: its row of the state machine and its content (the minutes it states, its note or reason).
/// The timeline keeps it, and a repeat of the step is compared with it.
/// </summary>
public sealed record ExchangeAsk(ExchangeMove Move, int? Minutes = null, string? Note = null)
{
    /// <summary>The note as the timeline keeps it: trimmed, and null when blank.</summary>
    public string? RecordedNote => Recorded(Note);

    public static string? Recorded(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}
