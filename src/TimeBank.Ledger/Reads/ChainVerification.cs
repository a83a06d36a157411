using Microsoft.EntityFrameworkCore;

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
        var computed = EntryHash.Compute(_previousHash, entry, postings);
        if (!string.Equals(computed, storedHash, StringComparison.Ordinal))
        {
            _broken = new ChainVerification(false, _checked, entry.Sequence, "stored hash does not match the entry and its postings");
            return false;
        }
        _previousHash = computed;
        return true;
    }
}
