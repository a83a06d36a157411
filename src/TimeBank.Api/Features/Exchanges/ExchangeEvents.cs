using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The events of exchanges. Payloads carry ids and the figures of the moment; subscriptions load the objects fresh.
/// </summary>
public static class ExchangeEvents
{
    public static readonly EventTopic<ExchangeUpdatedEvent> Updated = new("exchangeUpdated");

    public static readonly EventTopic<AcknowledgementEvent> AcknowledgementReceived = new("acknowledgementReceived");

    /// <summary>Tells <paramref name="audience"/> (the parties) the exchange's new status.</summary>
    public static void TellUpdated(OutboxWriter outbox, long exchangeId, ExchangeStatus status, IEnumerable<long> audience)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        outbox.Add(Updated, new ExchangeUpdatedEvent(exchangeId, status), audience);
    }

    /// <summary>Tells the provider that the minutes reached their account.</summary>
    public static void TellAcknowledged(OutboxWriter outbox, long exchangeId, long entrySequence, int minutes, long providerUserId, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        outbox.Add(AcknowledgementReceived, new AcknowledgementEvent(exchangeId, entrySequence, minutes, at), [providerUserId]);
    }
}

public sealed record ExchangeUpdatedEvent(long ExchangeId, ExchangeStatus Status);

public sealed record AcknowledgementEvent(long ExchangeId, long EntrySequence, int Minutes, DateTime At);
