using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Reads;

/// <summary>A group chain's last link: its position and hash.</summary>
public sealed record ChainHead(long Position, string Hash);

/// <summary>
/// The outcome of recomputing a group's chain (or a range of it): where it first breaks, the record that link names and
/// why; <see cref="Head"/> is the group's last link as stored.
/// </summary>
public sealed record GroupChainVerification(
    bool IsValid, long LinksChecked, long? FirstBrokenPosition, string? RecordType, long? RecordId, string? Reason, ChainHead? Head);

public static class GroupChainVerifier
{
    /// <summary>
    /// Recomputes the links of <paramref name="ledgerGroup"/> from <paramref name="fromPosition"/> (default 1) to
    /// <paramref name="toPosition"/> (default the head) from the records they name, streaming them in position order, and
    /// reports the first link whose position, previous hash or hash is not what it should be, or that names no record.
    /// </summary>
    public static Task<GroupChainVerification> VerifyLedgerGroupChainAsync(
        this DbContext context, string ledgerGroup, long? fromPosition = null, long? toPosition = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ledgerGroup);
        return LedgerConnection.ReadSnapshotAsync(context, async (connection, transaction) =>
        {
            var from = Math.Max(1, fromPosition ?? 1);
            var to = toPosition ?? long.MaxValue;
            var head = await GroupChainState.ReadHeadAsync(connection, transaction, ledgerGroup, cancellationToken);
            var records = await GroupRecords.LoadAsync(connection, transaction, ledgerGroup, withBalances: false, cancellationToken);
            var state = new GroupChainState(from, from > 1
                ? await GroupChainState.ReadHashAsync(connection, transaction, ledgerGroup, from - 1, cancellationToken)
                : EntryHash.Genesis);
            GroupChainVerification? broken = null;
            long links = 0;
            await GroupChainScan.ReadAsync(connection, transaction, ledgerGroup, from, to, withOperations: false, scanned =>
            {
                if (broken is not null)
                {
                    return;
                }
                links++;
                if (state.Feed(scanned.Link, records.CanonicalText(ledgerGroup, scanned)) is { } problem)
                {
                    broken = new GroupChainVerification(false, links, scanned.Link.Position, scanned.Link.RecordType, scanned.Link.RecordId, problem.Reason, head);
                }
            }, cancellationToken);
            return broken ?? new GroupChainVerification(true, links, null, null, null, null, head);
        }, cancellationToken);
    }
}
