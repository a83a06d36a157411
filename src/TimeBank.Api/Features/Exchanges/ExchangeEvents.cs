using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The events of exchanges, written to the outbox in the transaction of the change they tell about.
/// Payloads carry ids and the figures of the moment; subscriptions load the objects fresh.
/// </summary>
public static class ExchangeEvents
{
    public const string ExchangeUpdatedTopic = "exchangeUpdated";
    public const string AcknowledgementReceivedTopic = "acknowledgementReceived";
    public const string BalanceChangedTopic = "balanceChanged";

    public static void ExchangeUpdated(TimeBankDbContext db, Exchange exchange, IEnumerable<long> audience, TimeProvider clock) =>
        db.Enqueue(ExchangeUpdatedTopic, new ExchangeUpdatedEvent(exchange.Id, exchange.Status), clock, audience);

    /// <summary>Tells the provider that the minutes reached their account.</summary>
    public static void AcknowledgementReceived(TimeBankDbContext db, Exchange exchange, long providerUserId, TimeProvider clock) =>
        db.Enqueue(AcknowledgementReceivedTopic,
            new AcknowledgementEvent(exchange.Id, exchange.SettlementEntrySequence!.Value, exchange.ActualMinutes!.Value, clock.GetUtcNow().UtcDateTime),
            clock, [providerUserId]);

    /// <summary>
    /// Tells each member whose account changed its balance and available minutes as this write left them:
    /// the ledger returns them with its result, so nothing is read back on the ledger's writer thread.
    /// An account the result does not name (a replay) is read inside the ledger's transaction instead.
    /// </summary>
    public static async Task BalancesChangedAsync(
        TimeBankDbContext db, LedgerResult written, IEnumerable<Member> members, TimeProvider clock, CancellationToken ct)
    {
        foreach (var member in members)
        {
            if (member.AccountId is not { } accountId)
            {
                continue;
            }
            var balance = written.Balances.FirstOrDefault(b => b.AccountId == accountId)
                ?? (await db.FindLedgerAccountAsync(accountId, ct) is { } account
                    ? new AccountBalance(accountId, account.BalanceMinutes, account.AvailableMinutes)
                    : null);
            if (balance is not null)
            {
                db.Enqueue(BalanceChangedTopic,
                    new BalanceChangedEvent(accountId, member.Id, balance.BalanceMinutes, balance.AvailableMinutes), clock, [member.UserId]);
            }
        }
    }
}

public sealed record ExchangeUpdatedEvent(long ExchangeId, ExchangeStatus Status);

public sealed record AcknowledgementEvent(long ExchangeId, long EntrySequence, int Minutes, DateTime At);

public sealed record BalanceChangedEvent(long AccountId, long MemberId, long BalanceMinutes, long AvailableMinutes);
