using System.Globalization;
using System.Text.Json;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Events;

/// <summary>
/// Adds an event to the outbox of a DbContext whose changes are about to be saved: the event commits
/// with them or not at all, so nobody is told of a change that then rolled back.
/// </summary>
public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage Enqueue<T>(this TimeBankDbContext db, string topic, T payload, TimeProvider clock, IEnumerable<long>? audience = null)
    {
        var message = new OutboxMessage
        {
            EventId = Guid.NewGuid(),
            Topic = topic,
            PayloadJson = JsonSerializer.Serialize(payload, Json),
            Audience = string.Join(',', (audience ?? []).Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture))),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Outbox.Add(message);
        return message;
    }
}
