namespace TimeBank.Ledger.Model;

/// <summary>An immutable journal entry: two or more postings whose debits equal their credits.</summary>
public sealed class LedgerEntry
{
    private readonly List<LedgerPosting> _postings = [];

    private LedgerEntry()
    {
    }

    /// <summary>Gapless, starting at 1; also the entry's position in the hash chain.</summary>
    public long Sequence { get; private set; }

    public EntryKind Kind { get; private set; }

    public string? Memo { get; private set; }

    public DateTimeOffset EffectiveAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Who pressed the button.</summary>
    public string ActorId { get; private set; } = "";

    /// <summary>On whose behalf; equals the actor unless someone acted for another.</summary>
    public string PrincipalId { get; private set; } = "";

    public int? PolicyVersion { get; private set; }

    public string IdempotencyKey { get; private set; } = "";

    public string? CauseType { get; private set; }

    public string? CauseId { get; private set; }

    /// <summary>The entry this one reverses; unique, so an entry is reversed at most once.</summary>
    public long? ReversesSequence { get; private set; }

    /// <summary>The hold this entry posted, if any.</summary>
    public long? HoldId { get; private set; }

    /// <summary>SHA-256 over the previous entry's hash and this entry's canonical bytes, lowercase hex.</summary>
    public string Hash { get; private set; } = "";

    public IReadOnlyList<LedgerPosting> Postings => _postings;
}
