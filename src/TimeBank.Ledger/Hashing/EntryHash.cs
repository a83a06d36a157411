using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Hashing;

internal sealed record EntryRecord(
    long Sequence,
    EntryKind Kind,
    string? Memo,
    long EffectiveAtUnixMs,
    long RecordedAtUnixMs,
    string ActorId,
    string PrincipalId,
    int? PolicyVersion,
    string IdempotencyKey,
    string? CauseType,
    string? CauseId,
    long? ReversesSequence,
    long? HoldId,
    int HashFormat = EntryHash.CurrentFormat,
    string? MemoSalt = null,
    string? MemoDigest = null);

internal readonly record struct PostingRecord(int Index, long AccountId, PostingSide Side, long AmountMinutes, long BalanceAfterMinutes);

/// <summary>
/// hash(n) = SHA-256(hash(n-1) as 32 bytes, or 32 zero bytes for the first entry || canonical bytes of
/// entry n and its postings in index order). Format 1 puts the memo itself in the canonical bytes; format 2
/// (every entry written since memos can be erased) puts the memo's salted digest there instead.
/// </summary>
internal static class EntryHash
{
    public const int CurrentFormat = 2;

    public static readonly string Genesis = new('0', 64);

    /// <returns>The hash, or null for a format this code does not know (only possible by tampering).</returns>
    public static string? Compute(string previousHashHex, EntryRecord entry, IReadOnlyList<PostingRecord> postings) =>
        CanonicalText(entry, postings) is { } text ? ChainHash.Link(previousHashHex, text) : null;

    /// <summary>
    /// The entry's canonical bytes: what its own hash covers after the previous hash, and what its community chain
    /// link covers too (one function, so the two can never disagree). Null for an unknown format.
    /// </summary>
    public static byte[]? CanonicalText(EntryRecord entry, IReadOnlyList<PostingRecord> postings)
    {
        var writer = new CanonicalWriter();
        switch (entry.HashFormat)
        {
            case 1:
                writer.Add("ledger-entry", "v1");
                writer.Add("sequence", entry.Sequence);
                writer.Add("kind", entry.Kind.ToString());
                writer.Add("memo", entry.Memo);
                break;
            case 2:
                writer.Add("ledger-entry", "v2");
                writer.Add("sequence", entry.Sequence);
                writer.Add("kind", entry.Kind.ToString());
                writer.Add("memoDigest", entry.MemoDigest);
                break;
            default:
                return null;
        }
        writer.Add("effective", entry.EffectiveAtUnixMs);
        writer.Add("recorded", entry.RecordedAtUnixMs);
        writer.Add("actor", entry.ActorId);
        writer.Add("principal", entry.PrincipalId);
        writer.Add("policy", entry.PolicyVersion);
        writer.Add("key", entry.IdempotencyKey);
        writer.Add("causeType", entry.CauseType);
        writer.Add("causeId", entry.CauseId);
        writer.Add("reverses", entry.ReversesSequence);
        writer.Add("hold", entry.HoldId);
        foreach (var posting in postings)
        {
            writer.Add("posting", posting.Index);
            writer.Add("account", posting.AccountId);
            writer.Add("side", posting.Side.ToString());
            writer.Add("amount", posting.AmountMinutes);
            writer.Add("balanceAfter", posting.BalanceAfterMinutes);
        }
        return writer.ToBytes();
    }
}
