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

    /// <summary>Free text; null when there was none or it was erased (see <see cref="MemoDigest"/>).</summary>
    public string? Memo { get; private set; }

    /// <summary>
    /// Random per entry (32 hex digits) while the memo is kept; erased with it. Format 2 and later only.
    /// </summary>
    public string? MemoSalt { get; private set; }

    /// <summary>
    /// SHA-256(salt || UTF-8 memo), lowercase hex: what the hash chain commits to instead of the memo (format 2 and
    /// later), so the memo can be erased and the chain still verifies. Null when the entry had no memo.
    /// </summary>
    public string? MemoDigest { get; private set; }

    /// <summary>How the entry is hashed: 1 commits to the memo itself (entries written before memos could be erased), 2 to its digest.</summary>
    public int HashFormat { get; private set; }

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
