using System.Globalization;
using System.Text.Json;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Events;

/// <summary>
/// Adds an event to the outbox in the transaction of the change it reports: the event commits with the
/// change or not at all, so nobody is told of a change that then rolled back.
/// </summary>
public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InsertSql = """
        INSERT INTO "Outbox" ("EventId", "Topic", "PayloadJson", "Audience", "CreatedAt") VALUES (@eventId, @topic, @payload, @audience, @createdAt)
        """;

    /// <summary>An event to tell <paramref name="audience"/> (everyone subscribed to the topic when empty).</summary>
    public static OutboxMessage Message<T>(string topic, T payload, TimeProvider clock, IEnumerable<long>? audience = null) => new()
    {
        // Time-ordered, so the unique index on event ids grows at its end instead of at random pages.
        EventId = Guid.CreateVersion7(),
        Topic = topic,
        PayloadJson = JsonSerializer.Serialize(payload, Json),
        Audience = string.Join(',', (audience ?? []).Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture))),
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>Adds the event to a DbContext whose changes are about to be saved.</summary>
    public static OutboxMessage Enqueue<T>(this TimeBankDbContext db, string topic, T payload, TimeProvider clock, IEnumerable<long>? audience = null)
    {
        var message = Message(topic, payload, clock, audience);
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>
    /// Writes the event at once with the ledger writer's prepared statements, in its transaction, beside the
    /// entry the event tells about (see <see cref="PreparedStatements"/>).
    /// </summary>
    public static void WriteNow(this PreparedStatements statements, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(message);
        statements.Execute(InsertSql,
            // As EF Core stores a Guid, so a query on the id finds it.
            ("@eventId", message.EventId.ToString("D").ToUpperInvariant()),
            ("@topic", message.Topic),
            ("@payload", message.PayloadJson),
            ("@audience", message.Audience),
            ("@createdAt", message.CreatedAt));
    }
}
