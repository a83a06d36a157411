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
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ExchangeStep step, long holdId, IReadOnlySet<ExchangeStatus> from,
        string action, string? note, TimeProvider clock, CancellationToken ct)
    {
        var exchange = step.Exchange;
        var command = new VoidHold(holdId)
        {
            IdempotencyKey = ExchangeFlow.Key(exchange, action),
            ActorId = step.Actor.LedgerActor,
            PrincipalId = step.Actor.LedgerPrincipal,
            Cause = ExchangeFlow.Cause(exchange),
            PolicyVersion = step.PolicyVersion,
        };
        return await ExchangeFlow.MoveWithLedgerAsync(db, ledger, step, from, ExchangeStatus.Cancelled, action, command,
            new LedgerMove([step.Receiver]) { Note = note }, clock, ct);
    }

    /// <summary>
    /// Settles for <paramref name="minutes"/>. The key is the exchange's settlement key whoever settles,
    /// so an acknowledgement and the auto-acknowledge job racing still make one entry.
    /// </summary>
    public static async Task<Outcome<Exchange>> SettleAsync(
        TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, ExchangeStep step, int minutes, IReadOnlySet<ExchangeStatus> from,
        string action, string? note, TimeProvider clock, CancellationToken ct)
    {
        var exchange = step.Exchange;
        if (exchange.HoldId is not { } holdId)
        {
            // Only exchanges never accepted, or recorded settled at once, have no hold.
            return exchange.Status == ExchangeStatus.Settled ? exchange : ExchangeFlow.WrongStatus(action, exchange.Status);
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
        return await ExchangeFlow.MoveWithLedgerAsync(db, ledger, step, from, ExchangeStatus.Settled, action, command,
            new LedgerMove([step.Receiver, step.Provider]) { SettledMinutes = minutes, TimelineMinutes = minutes, Note = note }, clock, ct,
            ExchangeCredit.Rejections(db, step, minutes, ct));
    }
}
