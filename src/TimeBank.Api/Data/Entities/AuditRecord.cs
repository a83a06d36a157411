namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One administrative act, written in the same transaction as the act and never changed afterwards (triggers refuse
/// UPDATE and DELETE, except erasing <see cref="Reason"/>, see <see cref="AuditTrailSql"/>): who did it
/// (<see cref="ActorUserId"/>), for whom (<see cref="PrincipalMemberId"/>), to what (<see cref="SubjectType"/> and
/// <see cref="SubjectId"/>), when, and what changed (<see cref="BeforeJson"/> and <see cref="AfterJson"/>: small JSON
/// objects of ids, statuses, roles and numbers, never a password, a token or personal text).
/// </summary>
public sealed class AuditRecord
{
    public const int ActionLength = 64;
    public const int ReasonLength = 500;

    /// <summary>The most characters of <see cref="BeforeJson"/> or <see cref="AfterJson"/>: what changed, not a copy of the thing.</summary>
    public const int JsonLength = 2000;

    public long Id { get; set; }

    /// <summary>The community the act concerns; null for an act of the whole deployment.</summary>
    public long? CommunityId { get; set; }

    /// <summary>What was done, e.g. <c>member.suspend</c> or <c>exchange.accept.on-behalf</c> (see <c>AuditActions</c>).</summary>
    public required string Action { get; set; }

    public long ActorUserId { get; set; }

    /// <summary>The member the act was done for or to; null when it concerns no one member (a policy, a period close).</summary>
    public long? PrincipalMemberId { get; set; }

    /// <summary>The kind of thing acted on: <c>member</c>, <c>community</c>, <c>category</c>, <c>account</c>, <c>exchange</c>, <c>entry</c>, <c>period</c>.</summary>
    public required string SubjectType { get; set; }

    public long SubjectId { get; set; }

    /// <summary>Why, as the actor gave it; erased with the personal data of the member it names.</summary>
    public string? Reason { get; set; }

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }

    public DateTime RecordedAt { get; set; }
}
