using System.Globalization;
using System.Text.Json;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Events;

/// <summary>
/// The one way to write an event: into the outbox, in the transaction of the change it reports, so the event
/// commits with the change or not at all and nobody is told of a change that then rolled back. Take the writer
/// of the context you are in: <see cref="For"/> for a change saved with EF Core, <see cref="OnLedgerWriter"/>
/// inside the ledger writer's <c>alongside</c> callback.
/// </summary>
public sealed class OutboxWriter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One INSERT for a write's events, up to this many rows (five parameters each); a longer list takes several.
    private const int RowsPerInsert = 16;

    private static readonly string[] Parameters = ["@eventId", "@topic", "@payload", "@audience", "@createdAt"];

    // The statement for 1..RowsPerInsert rows, and its parameter names in binding order.
    private static readonly (string Sql, string[] Names)[] Inserts = [.. Enumerable.Range(1, RowsPerInsert).Select(InsertOf)];

    // Exactly one of the two: the context whose SaveChanges will write the events, or the writer's statements.
    private readonly TimeBankDbContext? _db;
    private readonly PreparedStatements? _statements;
    private readonly TimeProvider _clock;

    private OutboxWriter(TimeBankDbContext? db, PreparedStatements? statements, TimeProvider clock) =>
        (_db, _statements, _clock) = (db, statements, clock);

    /// <summary>Events added to <paramref name="db"/>, saved with the change by its next SaveChanges.</summary>
    public static OutboxWriter For(TimeBankDbContext db, TimeProvider clock) => new(db, null, clock);

    /// <summary>
    /// Events written in the ledger writer's transaction, beside the entry they tell about, with a statement prepared on
    /// the writer's connection (see <see cref="PreparedStatements"/>): every settlement waits on that one thread, and EF
    /// Core's change tracking there cost several times the ledger's own work. They are written together when the
    /// callback that adds them ends (<see cref="WritePending"/>).
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
        _statements.PendingEvents.Add(message);
        return message.EventId;
    }

    /// <summary>
    /// Writes the events the running callback added on the ledger writer, in the order they were added (so their ids
    /// are in that order), as few statements as <see cref="RowsPerInsert"/> allows: a settlement tells five events, and
    /// on the writer's thread, which every settlement waits on, one statement of five rows costs much less than five.
    /// <see cref="PreparedStatements.SubmitAsync"/> empties the list after every callback, written or failed.
    /// </summary>
    internal static void WritePending(PreparedStatements statements)
    {
        var pending = statements.PendingEvents;
        for (var first = 0; first < pending.Count; first += RowsPerInsert)
        {
            var rows = Math.Min(RowsPerInsert, pending.Count - first);
            var (sql, names) = Inserts[rows - 1];
            var values = new (string Name, object? Value)[rows * 5];
            for (var row = 0; row < rows; row++)
            {
                var message = pending[first + row];
                var at = row * 5;
                // As EF Core stores a Guid, so a query on the id finds it.
                values[at] = (names[at], message.EventId.ToString("D").ToUpperInvariant());
                values[at + 1] = (names[at + 1], message.Topic);
                values[at + 2] = (names[at + 2], message.PayloadJson);
                values[at + 3] = (names[at + 3], message.Audience);
                values[at + 4] = (names[at + 4], message.CreatedAt);
            }
            statements.Execute(sql, values);
        }
    }

    private static (string Sql, string[] Names) InsertOf(int rows)
    {
        var names = Enumerable.Range(0, rows)
            .SelectMany(row => Parameters.Select(name => name + row.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        var tuples = Enumerable.Range(0, rows).Select(row => "(" + string.Join(", ", names.Skip(row * 5).Take(5)) + ")");
        return ($"""INSERT INTO "Outbox" ("EventId", "Topic", "PayloadJson", "Audience", "CreatedAt") VALUES {string.Join(", ", tuples)}""", names);
    }
}
