using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Ledger.Reads;

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
    /// Tells each member whose account changed its balance and available minutes, read inside the
    /// ledger's transaction so the figures are those this change committed.
    /// </summary>
    public static async Task BalancesChangedAsync(TimeBankDbContext db, IEnumerable<Member> members, TimeProvider clock, CancellationToken ct)
    {
        foreach (var member in members)
        {
            if (member.AccountId is not { } accountId || await db.FindLedgerAccountAsync(accountId, ct) is not { } account)
            {
                continue;
            }
            db.Enqueue(BalanceChangedTopic,
                new BalanceChangedEvent(accountId, member.Id, account.BalanceMinutes, account.AvailableMinutes), clock, [member.UserId]);
        }
    }
}

public sealed record ExchangeUpdatedEvent(long ExchangeId, ExchangeStatus Status);

public sealed record AcknowledgementEvent(long ExchangeId, long EntrySequence, int Minutes, DateTime At);

public sealed record BalanceChangedEvent(long AccountId, long MemberId, long BalanceMinutes, long AvailableMinutes);
