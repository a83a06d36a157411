using System.Globalization;
using System.Text.Json;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Events;

/// <summary>
/// The one way to write an event: into the outbox, in the transaction of the change it reports, so the event
/// commits with the change or not at all and nobody is told of a change that then rolled back. Take the writer
/// of the context you are in: <see cref="For"/> for a change saved with EF Core, <see cref="OnLedgerWriter"/>
/// with the prepared statements of the ledger writer's <c>alongside</c> callback.
/// </summary>
public sealed class OutboxWriter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InsertSql = """
        INSERT INTO "Outbox" ("EventId", "Topic", "PayloadJson", "Audience", "CreatedAt") VALUES (@eventId, @topic, @payload, @audience, @createdAt)
        """;

    private readonly TimeBankDbContext? _db;
    private readonly PreparedStatements? _statements;
    private readonly TimeProvider _clock;

    private OutboxWriter(TimeBankDbContext? db, PreparedStatements? statements, TimeProvider clock) => (_db, _statements, _clock) = (db, statements, clock);

    /// <summary>Events added to <paramref name="db"/>, saved with the change by its next SaveChanges.</summary>
    public static OutboxWriter For(TimeBankDbContext db, TimeProvider clock) => new(db, null, clock);

    /// <summary>
    /// Events written at once in the ledger writer's transaction, beside the entry they tell about, with a statement
    /// prepared on the writer's connection (see <see cref="PreparedStatements"/>): every settlement waits on that one
    /// thread, and EF Core's change tracking there cost several times the ledger's own work.
    /// </summary>
    public static OutboxWriter OnLedgerWriter(PreparedStatements statements, TimeProvider clock) => new(null, statements, clock);

    /// <summary>Tells <paramref name="audience"/> (everyone subscribed to the topic when empty); returns the event's id.</summary>
    public Guid Add<T>(EventTopic<T> topic, T payload, IEnumerable<long> audience) where T : class
    {
        ArgumentNullException.ThrowIfNull(topic);
        var message = new OutboxMessage
        {
            // Time-ordered, so the unique index on event ids grows at its end instead of at random pages.
            EventId = Guid.CreateVersion7(),
            Topic = topic.Name,
            PayloadJson = JsonSerializer.Serialize(payload, Json),
            Audience = string.Join(',', audience.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture))),
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
        };
        if (_statements is null)
        {
            _db!.Outbox.Add(message);
            return message.EventId;
        }
        _statements.Execute(InsertSql,
            // As EF Core stores a Guid, so a query on the id finds it.
            ("@eventId", message.EventId.ToString("D").ToUpperInvariant()),
            ("@topic", message.Topic),
            ("@payload", message.PayloadJson),
            ("@audience", message.Audience),
            ("@createdAt", message.CreatedAt));
        return message.EventId;
    }
}
