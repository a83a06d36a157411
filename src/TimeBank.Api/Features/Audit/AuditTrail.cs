using System.Text.Json;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// An administrative act as the trail records it: what was done to what, in which community, for whom, why, and the
/// state before and after as small objects (serialised to JSON; only ids, statuses, roles, numbers and names of
/// community things, never a password, a token or a member's personal text).
/// </summary>
public sealed record AuditAct(string Action, long? CommunityId, string SubjectType, long SubjectId)
{
    public long? PrincipalMemberId { get; init; }

    public string? Reason { get; init; }

    public object? Before { get; init; }

    public object? After { get; init; }
}

/// <summary>
/// The one way to write the audit trail: in the transaction of the act it records, so a record exists exactly when the
/// act committed. Take the writer of the context you are in, as with events: <see cref="For"/> for an act saved with EF
/// Core (the next SaveChanges writes the record), <see cref="OnLedgerWriter"/> inside the ledger writer's
/// <c>alongside</c> callback (written at once with a prepared statement).
/// </summary>
public sealed class AuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InsertSql = """
        INSERT INTO "AuditRecords" ("CommunityId", "Action", "ActorUserId", "PrincipalMemberId", "SubjectType", "SubjectId", "Reason",
            "BeforeJson", "AfterJson", "RecordedAt")
        VALUES (@communityId, @action, @actorUserId, @principalMemberId, @subjectType, @subjectId, @reason, @beforeJson, @afterJson, @recordedAt)
        """;

    // Exactly one of the two, as in OutboxWriter.
    private readonly TimeBankDbContext? _db;
    private readonly PreparedStatements? _statements;
    private readonly TimeProvider _clock;

    private AuditTrail(TimeBankDbContext? db, PreparedStatements? statements, TimeProvider clock) =>
        (_db, _statements, _clock) = (db, statements, clock);

    /// <summary>Records added to <paramref name="db"/>, saved with the act by its next SaveChanges.</summary>
    public static AuditTrail For(TimeBankDbContext db, TimeProvider clock) => new(db, null, clock);

    /// <summary>Records written at once in the ledger writer's transaction, beside the entry of the act.</summary>
    public static AuditTrail OnLedgerWriter(PreparedStatements statements, TimeProvider clock) => new(null, statements, clock);

    /// <summary>Records that <paramref name="actorUserId"/> did <paramref name="act"/>.</summary>
    public AuditRecord Add(AuditAct act, long actorUserId)
    {
        ArgumentNullException.ThrowIfNull(act);
        var record = new AuditRecord
        {
            CommunityId = act.CommunityId,
            Action = act.Action,
            ActorUserId = actorUserId,
            PrincipalMemberId = act.PrincipalMemberId,
            SubjectType = act.SubjectType,
            SubjectId = act.SubjectId,
            Reason = act.Reason,
            BeforeJson = Serialize(act.Before),
            AfterJson = Serialize(act.After),
            RecordedAt = _clock.GetUtcNow().UtcDateTime,
        };
        if (_statements is null)
        {
            _db!.AuditRecords.Add(record);
            return record;
        }
        _statements.Execute(InsertSql,
            ("@communityId", record.CommunityId),
            ("@action", record.Action),
            ("@actorUserId", record.ActorUserId),
            ("@principalMemberId", record.PrincipalMemberId),
            ("@subjectType", record.SubjectType),
            ("@subjectId", record.SubjectId),
            ("@reason", record.Reason),
            ("@beforeJson", record.BeforeJson),
            ("@afterJson", record.AfterJson),
            ("@recordedAt", record.RecordedAt));
        return record;
    }

    // The objects are the API's own, small by construction: one too large is a mistake in the code, not in a request.
    private static string? Serialize(object? state)
    {
        if (state is null)
        {
            return null;
        }
        var json = JsonSerializer.Serialize(state, Json);
        return json.Length <= AuditRecord.JsonLength
            ? json
            : throw new InvalidOperationException($"An audit record's state is {json.Length} characters; at most {AuditRecord.JsonLength}.");
    }
}
