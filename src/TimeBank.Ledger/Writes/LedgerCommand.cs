using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// A write to the ledger. Every write names who did it, for whom, why, and carries an idempotency key:
/// the same key with the same content returns the first result; with other content it is refused.
/// </summary>
public abstract record LedgerCommand
{
    public required string IdempotencyKey { get; init; }

    public required string ActorId { get; init; }

    /// <summary>On whose behalf the actor acts; null means the actor acts for itself.</summary>
    public string? PrincipalId { get; init; }

    public LedgerCause? Cause { get; init; }

    public string? Memo { get; init; }

    /// <summary>When it happened in the world; null means when it is recorded.</summary>
    public DateTimeOffset? EffectiveAt { get; init; }

    /// <summary>The caller's policy version that applied, recorded on the entry.</summary>
    public int? PolicyVersion { get; init; }

    internal string EffectivePrincipalId => PrincipalId ?? ActorId;

    internal abstract string CommandType { get; }

    /// <summary>Writes the fields that define "the same content" for idempotency.</summary>
    internal abstract void WriteContent(CanonicalWriter writer);

    /// <summary>Decides and writes, inside the writer's transaction; returns a rejection before writing anything.</summary>
    internal abstract LedgerResult Apply(LedgerSession session);

    internal string ComputeRequestHash()
    {
        var writer = new CanonicalWriter();
        writer.Add("type", CommandType);
        writer.Add("actor", ActorId);
        writer.Add("principal", EffectivePrincipalId);
        writer.Add("causeType", Cause?.Type);
        writer.Add("causeId", Cause?.Id);
        writer.Add("memo", Memo);
        writer.Add("effective", EffectiveAt?.ToUnixTimeMilliseconds());
        writer.Add("policy", PolicyVersion);
        WriteContent(writer);
        return writer.ToSha256Hex();
    }

    internal virtual bool HasValidEnvelope() =>
        !string.IsNullOrWhiteSpace(IdempotencyKey) && IdempotencyKey.Length <= 200 &&
        !string.IsNullOrWhiteSpace(ActorId) &&
        (PrincipalId is null || !string.IsNullOrWhiteSpace(PrincipalId));
}
