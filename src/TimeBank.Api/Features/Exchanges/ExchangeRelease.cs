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
            PolicyVersion = await ExchangePolicy.VersionAsync(db, exchange.CommunityId, ct),
        };
        return await ExchangeFlow.MoveWithLedgerAsync(db, ledger, step, from, ExchangeStatus.Cancelled, action, command,
            async (tx, tracked, result, token) =>
            {
                ExchangeFlow.Record(tx, tracked, ExchangeStatus.Cancelled, action, step, clock, note: note);
                await ExchangeEvents.BalancesChangedAsync(tx, result, [step.Receiver], clock, token);
            },
            ct);
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
            PolicyVersion = await ExchangePolicy.VersionAsync(db, exchange.CommunityId, ct),
        };
        return await ExchangeFlow.MoveWithLedgerAsync(db, ledger, step, from, ExchangeStatus.Settled, action, command,
            async (tx, tracked, result, token) =>
            {
                tracked.ActualMinutes = minutes;
                tracked.SettlementEntrySequence = result.EntrySequence;
                tracked.SettledAt = clock.GetUtcNow().UtcDateTime;
                ExchangeFlow.Record(tx, tracked, ExchangeStatus.Settled, action, step, clock, minutes, note);
                ExchangeEvents.AcknowledgementReceived(tx, tracked, step.Provider.UserId, clock);
                await ExchangeEvents.BalancesChangedAsync(tx, result, [step.Receiver, step.Provider], clock, token);
            },
            ct, ExchangeCredit.Rejections(db, step, minutes, ct));
    }
}
