using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Reads;

/// <summary>The outcome of recomputing the hash chain; <see cref="FirstBrokenSequence"/> names where it breaks.</summary>
public sealed record ChainVerification(bool IsValid, long EntriesChecked, long? FirstBrokenSequence, string? Reason);

public static class ChainVerifier
{
    /// <summary>
    /// Recomputes every entry's hash from the first, streaming entries and postings in sequence order (one
    /// pass, constant memory), and reports the first entry whose sequence or hash is not what it should be.
    /// </summary>
    public static Task<ChainVerification> VerifyLedgerChainAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            var chain = new ChainState();
            await JournalScan.ReadAsync(connection, transaction, (entry, storedHash, postings) => chain.Feed(entry, storedHash, postings), cancellationToken);
            return chain.Result;
        }, cancellationToken);
    }
}

/// <summary>The hash chain recomputed one entry at a time; stops judging at the first break.</summary>
internal sealed class ChainState
{
    private string _previousHash = EntryHash.Genesis;
    private long _checked;
    private ChainVerification? _broken;

    public ChainVerification Result => _broken ?? new ChainVerification(true, _checked, null, null);

    public bool Feed(EntryRecord entry, string storedHash, IReadOnlyList<PostingRecord> postings)
    {
        if (_broken is not null)
        {
            return false;
        }
        _checked++;
        if (entry.Sequence != _checked)
        {
            _broken = new ChainVerification(false, _checked, entry.Sequence, $"expected sequence {_checked}, found {entry.Sequence}");
            return false;
        }
        // From format 2 the chain commits to the memo's digest: a kept memo must still match it; an erased one (memo and
        // salt gone) leaves the digest alone to be checked by the chain.
        if (entry is { HashFormat: >= 2, Memo: { } memo }
            && (entry.MemoSalt is not { } salt || !string.Equals(MemoCommitment.Digest(salt, memo), entry.MemoDigest, StringComparison.Ordinal)))
        {
            _broken = new ChainVerification(false, _checked, entry.Sequence, "the memo does not match the digest the chain committed to");
            return false;
        }
        var computed = EntryHash.Compute(_previousHash, entry, postings);
        if (computed is null)
        {
            _broken = new ChainVerification(false, _checked, entry.Sequence, $"unknown hash format {entry.HashFormat}");
            return false;
        }
        if (!string.Equals(computed, storedHash, StringComparison.Ordinal))
        {
            _broken = new ChainVerification(false, _checked, entry.Sequence, "stored hash does not match the entry and its postings");
            return false;
        }
        _previousHash = computed;
        return true;
    }
}
