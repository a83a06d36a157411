using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The events of exchanges, as outbox messages for the transaction of the change they tell about.
/// Payloads carry ids and the figures of the moment; subscriptions load the objects fresh.
/// </summary>
public static class ExchangeEvents
{
    public const string ExchangeUpdatedTopic = "exchangeUpdated";
    public const string AcknowledgementReceivedTopic = "acknowledgementReceived";
    public const string BalanceChangedTopic = "balanceChanged";

    public static OutboxMessage ExchangeUpdated(long exchangeId, ExchangeStatus status, IEnumerable<long> audience, TimeProvider clock) =>
        Outbox.Message(ExchangeUpdatedTopic, new ExchangeUpdatedEvent(exchangeId, status), clock, audience);

    /// <summary>Tells the provider that the minutes reached their account.</summary>
    public static OutboxMessage AcknowledgementReceived(long exchangeId, long entrySequence, int minutes, long providerUserId, TimeProvider clock) =>
        Outbox.Message(AcknowledgementReceivedTopic,
            new AcknowledgementEvent(exchangeId, entrySequence, minutes, clock.GetUtcNow().UtcDateTime), clock, [providerUserId]);

    /// <summary>
    /// Tells each member whose account the write changed its balance and available minutes as the write
    /// left them: the ledger returns them with its result, so nothing is read back on its writer thread.
    /// </summary>
    public static IEnumerable<OutboxMessage> BalancesChanged(LedgerResult written, IEnumerable<Member> members, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(written);
        foreach (var member in members)
        {
            if (written.Balances.FirstOrDefault(b => b.AccountId == member.AccountId) is { } balance)
            {
                yield return Outbox.Message(BalanceChangedTopic,
                    new BalanceChangedEvent(balance.AccountId, member.Id, balance.BalanceMinutes, balance.AvailableMinutes), clock, [member.UserId]);
            }
        }
    }
}

public sealed record ExchangeUpdatedEvent(long ExchangeId, ExchangeStatus Status);

public sealed record AcknowledgementEvent(long ExchangeId, long EntrySequence, int Minutes, DateTime At);

public sealed record BalanceChangedEvent(long AccountId, long MemberId, long BalanceMinutes, long AvailableMinutes);
