using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The two ways an accepted exchange ends on the ledger: its hold voided (cancelled), or posted for
/// the actual minutes in one entry, receiver debited and provider credited, the rest released (settled).
/// </summary>
public static class ExchangeRelease
{
    public static async Task<Outcome<Exchange>> VoidAsync(
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ExchangeStep step, IReadOnlySet<ExchangeStatus> from, ExchangeAsk ask,
        TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        if (exchange.HoldId is not { } holdId)
        {
            return await WithoutHoldAsync(db, exchange, from, ExchangeStatus.Cancelled, ask, ct);
        }
        var command = new VoidHold(holdId)
        {
            IdempotencyKey = ExchangeFlow.Key(exchange, ask.Action),
            ActorId = step.Actor.LedgerActor,
            PrincipalId = step.Actor.LedgerPrincipal,
            Cause = ExchangeFlow.Cause(exchange),
            PolicyVersion = step.PolicyVersion,
        };
        return await ExchangeFlow.MoveWithLedgerAsync(db, ledger, step, from, ExchangeStatus.Cancelled, ask, command, new LedgerMove([step.Receiver]), clock, ct);
    }

    /// <summary>
    /// Settles for the minutes <paramref name="ask"/> states. The key is the exchange's settlement key whoever
    /// settles, so an acknowledgement and the auto-acknowledge job racing still make one entry.
    /// </summary>
    public static async Task<Outcome<Exchange>> SettleAsync(
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ExchangeStep step, IReadOnlySet<ExchangeStatus> from, ExchangeAsk ask,
        TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var exchange = step.Exchange;
        var minutes = ask.Minutes ?? throw new ArgumentException("A settlement states its minutes.", nameof(ask));
        if (exchange.HoldId is not { } holdId)
        {
            return await WithoutHoldAsync(db, exchange, from, ExchangeStatus.Settled, ask, ct);
        }
        var command = new PostHold(holdId, minutes)
        {
            IdempotencyKey = ExchangeFlow.Key(exchange, "settle"),
            ActorId = step.Actor.LedgerActor,
            PrincipalId = step.Actor.LedgerPrincipal,
            Cause = ExchangeFlow.Cause(exchange),
            Memo = exchange.Description.Length == 0 ? "exchange" : exchange.Description,
            PolicyVersion = step.PolicyVersion,
        };
        return await ExchangeFlow.MoveWithLedgerAsync(db, ledger, step, from, ExchangeStatus.Settled, ask, command,
            new LedgerMove([step.Receiver, step.Provider]) { SettledMinutes = minutes }, clock, ct,
            LedgerRejections.Rejections(db, step, minutes, ct));
    }

    // Only exchanges never accepted, or recorded settled at once, have no hold: none is in a state these moves leave,
    // so the answer is a repeat's or a wrong status.
    private static async Task<Outcome<Exchange>> WithoutHoldAsync(
        TimeBankDbContext db, Exchange exchange, IReadOnlySet<ExchangeStatus> from, ExchangeStatus to, ExchangeAsk ask, CancellationToken ct) =>
        await ExchangeFlow.JudgeAsync(db, exchange, from, to, ask, ct) ?? ExchangeFlow.WrongStatus(ask.Action, exchange.Status);
}
