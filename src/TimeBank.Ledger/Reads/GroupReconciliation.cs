using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>What reconciling one ledger group found and covered, with the group's chain head and how long it took.</summary>
public sealed record LedgerGroupReconciliation(
    IReadOnlyList<LedgerDiscrepancy> Discrepancies,
    long EntriesChecked,
    long PostingsChecked,
    long AccountsChecked,
    long HoldsChecked,
    long PeriodClosesChecked,
    long LinksChecked,
    ChainHead? Head,
    TimeSpan Duration);

public static class GroupReconciliation
{
    /// <summary>
    /// Proves one ledger group (one community) on its own, in one snapshot: one streamed pass over its chain recomputes
    /// every link from the record it names and checks every entry (balanced, running balances, limits in force then, its
    /// idempotency record) and sums each account's postings; each closed period's snapshot is proven against the postings'
    /// running balances at its end; then set-based SQL checks every record has its link, every account's stored totals,
    /// holds and current limits, and that the group sums to zero.
    /// </summary>
    public static Task<LedgerGroupReconciliation> ReconcileLedgerGroupAsync(
        this DbContext context, string ledgerGroup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ledgerGroup);
        var started = Stopwatch.GetTimestamp();
        return LedgerConnection.ReadSnapshotAsync(context, async (connection, transaction) =>
        {
            var head = await GroupChainState.ReadHeadAsync(connection, transaction, ledgerGroup, cancellationToken);
            var records = await GroupRecords.LoadAsync(connection, transaction, ledgerGroup, withBalances: true, cancellationToken);
            var run = new Run(ledgerGroup, records);
            await GroupChainScan.ReadAsync(connection, transaction, ledgerGroup, 1, long.MaxValue, withOperations: true, run.Visit, cancellationToken);
            run.Finish();
            await run.CheckStoredAsync(connection, transaction, cancellationToken);
            return new LedgerGroupReconciliation(
                run.Found, run.Entries, run.Postings, records.Accounts.Count, run.Holds, records.Closes.Count, run.Links, head,
                Stopwatch.GetElapsedTime(started));
        }, cancellationToken);
    }

    private sealed class Run(string ledgerGroup, GroupRecords records)
    {
        private readonly GroupChainState _chain = new(1, EntryHash.Genesis);
        private readonly List<GroupAccount> _accountsById = [.. records.Accounts.Values.OrderBy(a => a.Id)];
        private int _nextClose;
        private long _lastSequence;

        public List<LedgerDiscrepancy> Found { get; } = [];

        public long Entries { get; private set; }

        public long Postings { get; private set; }

        public long Links { get; private set; }

        public long Holds { get; private set; }

        public void Visit(ScannedLink scanned)
        {
            Links++;
            var link = scanned.Link;
            if (_chain.Feed(link, records.CanonicalText(ledgerGroup, scanned)) is { } problem)
            {
                Found.Add(new(problem.RecordMissing ? DiscrepancyKind.LinkMissing : DiscrepancyKind.LinkBroken,
                    $"link {link.Position} of {ledgerGroup} ({link.RecordType} {link.RecordId}): {problem.Reason}",
                    link.RecordType == ChainLink.Entry ? link.RecordId : null,
                    link.RecordType == ChainLink.Account ? link.RecordId
                        : link.RecordType == ChainLink.Limits && records.LimitChanges.TryGetValue(link.RecordId, out var changed) ? changed.AccountId : null,
                    link.RecordType, link.RecordId));
            }
            switch (link.RecordType)
            {
                case ChainLink.Entry when scanned.Entry is { } entry:
                    CheckEntry(entry, scanned.Postings, scanned.OperationExists);
                    break;
                case ChainLink.Account when records.Accounts.TryGetValue(link.RecordId, out var account):
                    account.Linked = true;
                    break;
                case ChainLink.Limits when records.LimitChanges.TryGetValue(link.RecordId, out var change):
                    change.Linked = true;
                    break;
                case ChainLink.Close when records.Closes.Find(c => c.Id == link.RecordId) is { } close:
                    close.Linked = true;
                    if (!string.Equals(close.ChainHeadHash, link.PreviousHash, StringComparison.Ordinal))
                    {
                        Found.Add(new(DiscrepancyKind.SnapshotMismatch,
                            $"period close {close.Id} records chain head {close.ChainHeadHash}, its link follows {link.PreviousHash}",
                            RecordType: ChainLink.Close, RecordId: close.Id));
                    }
                    break;
                default:
                    break;
            }
        }

        private void CheckEntry(EntryRecord entry, PostingRecord[] postings, bool operationExists)
        {
            // Recorded time never decreases along the journal: every period that ended before this entry is complete.
            CaptureClosesBefore(entry.RecordedAtUnixMs);
            Entries++;
            Postings += postings.Length;
            _lastSequence = entry.Sequence;
            var sequence = entry.Sequence;
            if (!operationExists)
            {
                Found.Add(new(DiscrepancyKind.IdempotencyRecordMissing,
                    $"entry {sequence} has idempotency key {entry.IdempotencyKey}, which has no operations record", sequence,
                    RecordType: ChainLink.Entry, RecordId: sequence));
            }
            if (entry is { HashFormat: >= 2, Memo: { } memo }
                && (entry.MemoSalt is not { } salt || !string.Equals(MemoCommitment.Digest(salt, memo), entry.MemoDigest, StringComparison.Ordinal)))
            {
                Found.Add(new(DiscrepancyKind.LinkBroken, $"entry {sequence}'s memo does not match the digest the chain committed to", sequence,
                    RecordType: ChainLink.Entry, RecordId: sequence));
            }
            PostingTally.CheckEntry(sequence, postings, id => records.Accounts.GetValueOrDefault(id), posting =>
                Found.Add(new(DiscrepancyKind.LinkMissing,
                    $"entry {sequence} in the chain of {ledgerGroup} posts to account {posting.AccountId}, which is not in that group",
                    sequence, posting.AccountId, ChainLink.Entry, sequence)), Found);
        }

        private void CaptureClosesBefore(long recordedUnixMs)
        {
            while (_nextClose < records.Closes.Count && records.Closes[_nextClose].EndsAtUnixMs < recordedUnixMs)
            {
                CheckSnapshot(records.Closes[_nextClose++]);
            }
        }

        /// <summary>Proves a close's stored snapshot against the postings' running balances as they stood at its end.</summary>
        private void CheckSnapshot(GroupClose close)
        {
            if (close.LastSequence != _lastSequence)
            {
                Found.Add(new(DiscrepancyKind.SnapshotMismatch,
                    $"period close {close.Id} records last entry {close.LastSequence}, the group's last entry by its end is {_lastSequence}",
                    RecordType: ChainLink.Close, RecordId: close.Id));
            }
            if (!string.Equals(ChainText.BalancesDigest(close.Balances), close.BalancesDigest, StringComparison.Ordinal))
            {
                Found.Add(new(DiscrepancyKind.SnapshotMismatch,
                    $"period close {close.Id}'s stored balances do not match its balance digest", RecordType: ChainLink.Close, RecordId: close.Id));
            }
            var stored = close.Balances.ToDictionary(b => b.AccountId, b => b.BalanceMinutes);
            foreach (var account in _accountsById)
            {
                if (account.OpenedAtUnixMs > close.EndsAtUnixMs)
                {
                    continue;
                }
                if (!stored.Remove(account.Id, out var balance))
                {
                    Found.Add(new(DiscrepancyKind.SnapshotMismatch,
                        $"period close {close.Id} has no balance for account {account.Id}", AccountId: account.Id, RecordType: ChainLink.Close, RecordId: close.Id));
                }
                else if (balance != account.LastBalanceMinutes)
                {
                    Found.Add(new(DiscrepancyKind.SnapshotMismatch,
                        $"period close {close.Id} stores balance {balance} for account {account.Id}, its postings give {account.LastBalanceMinutes}",
                        AccountId: account.Id, RecordType: ChainLink.Close, RecordId: close.Id));
                }
            }
            foreach (var (accountId, _) in stored)
            {
                Found.Add(new(DiscrepancyKind.SnapshotMismatch,
                    $"period close {close.Id} stores a balance for account {accountId}, which was not open in the group by its end",
                    AccountId: accountId, RecordType: ChainLink.Close, RecordId: close.Id));
            }
        }

        public void Finish()
        {
            CaptureClosesBefore(long.MaxValue);
            foreach (var account in _accountsById)
            {
                if (!account.Linked)
                {
                    Found.Add(new(DiscrepancyKind.LinkMissing, $"account {account.Id} has no link in the chain of {ledgerGroup}",
                        AccountId: account.Id, RecordType: ChainLink.Account, RecordId: account.Id));
                }
                if (account.DebitsSummedMinutes != account.DebitsPostedMinutes || account.CreditsSummedMinutes != account.CreditsPostedMinutes)
                {
                    Found.Add(new(DiscrepancyKind.AccountTotalsMismatch,
                        $"account {account.Id} stores debits {account.DebitsPostedMinutes} / credits {account.CreditsPostedMinutes}, its postings sum to {account.DebitsSummedMinutes} / {account.CreditsSummedMinutes}",
                        AccountId: account.Id));
                }
                var storedBalance = account.CreditsPostedMinutes - account.DebitsPostedMinutes;
                if (account.LastBalanceMinutes != storedBalance)
                {
                    Found.Add(new(DiscrepancyKind.LastBalanceMismatch,
                        $"account {account.Id} stores balance {storedBalance}, its last running balance is {account.LastBalanceMinutes}", AccountId: account.Id));
                }
                if (account.LimitChanges is [.., var last] && (last.FloorMinutes, last.CeilingMinutes) != (account.FloorMinutes, account.CeilingMinutes))
                {
                    Found.Add(new(DiscrepancyKind.LimitsMismatch,
                        $"account {account.Id} has floor {Show(account.FloorMinutes)} / ceiling {Show(account.CeilingMinutes)}, its last limit change {last.Id} says {Show(last.FloorMinutes)} / {Show(last.CeilingMinutes)}",
                        AccountId: account.Id, RecordType: ChainLink.Limits, RecordId: last.Id));
                }
            }
            foreach (var change in records.LimitChanges.Values.Where(c => !c.Linked).OrderBy(c => c.Id))
            {
                Found.Add(new(DiscrepancyKind.LinkMissing, $"limit change {change.Id} of account {change.AccountId} has no link in the chain of {ledgerGroup}",
                    AccountId: change.AccountId, RecordType: ChainLink.Limits, RecordId: change.Id));
            }
            foreach (var close in records.Closes.Where(c => !c.Linked))
            {
                Found.Add(new(DiscrepancyKind.LinkMissing, $"period close {close.Id} has no link in the chain of {ledgerGroup}",
                    RecordType: ChainLink.Close, RecordId: close.Id));
            }
        }

        private static string Show(long? minutes) => minutes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

        public async Task CheckStoredAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            async Task Each(string sql, Action<DbDataReader> read, params (string, object?)[] parameters)
            {
                await using var command = LedgerConnection.Command(connection, transaction, sql, [("@group", ledgerGroup), .. parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    read(reader);
                }
            }

            // An entry whose link was deleted is not in the scan: each account's postings are counted on the index.
            var unlinked = new List<long>();
            await Each("""
                SELECT p."AccountId", COUNT(*) FROM "LedgerPostings" p
                WHERE p."AccountId" IN (SELECT "Id" FROM "LedgerAccounts" WHERE "LedgerGroup" = @group)
                GROUP BY p."AccountId"
                """, r =>
            {
                if (records.Accounts.TryGetValue(r.GetInt64(0), out var account) && account.PostingsSeen != r.GetInt64(1))
                {
                    unlinked.Add(account.Id);
                }
            });
            var reported = new HashSet<long>();
            foreach (var accountId in unlinked)
            {
                await Each("""
                    SELECT p."EntrySequence" FROM "LedgerPostings" p
                    WHERE p."AccountId" = @account
                      AND NOT EXISTS (SELECT 1 FROM "LedgerChainLinks" l WHERE l."RecordType" = 'entry' AND l."RecordId" = p."EntrySequence")
                    """, r =>
                {
                    var sequence = r.GetInt64(0);
                    if (reported.Add(sequence))
                    {
                        Found.Add(new(DiscrepancyKind.LinkMissing, $"entry {sequence} has no link in the chain of {ledgerGroup}", sequence,
                            RecordType: ChainLink.Entry, RecordId: sequence));
                    }
                }, ("@account", accountId));
            }

            await Each("""
                SELECT a."Id", a."DebitsPendingMinutes", a."CreditsPendingMinutes",
                       (SELECT COALESCE(SUM(h."AmountMinutes"), 0) FROM "LedgerHolds" h WHERE h."DebitAccountId" = a."Id" AND h."Status" = 'Pending'),
                       (SELECT COALESCE(SUM(h."AmountMinutes"), 0) FROM "LedgerHolds" h WHERE h."CreditAccountId" = a."Id" AND h."Status" = 'Pending'),
                       a."CreditsPostedMinutes" - a."DebitsPostedMinutes"
                FROM "LedgerAccounts" a WHERE a."LedgerGroup" = @group ORDER BY a."Id"
                """, r =>
            {
                var (id, debitsPending, creditsPending, heldDebits, heldCredits) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
                if (debitsPending != heldDebits || creditsPending != heldCredits)
                {
                    Found.Add(new(DiscrepancyKind.PendingMismatch,
                        $"account {id} stores pending debits {debitsPending} / credits {creditsPending}, open holds sum to {heldDebits} / {heldCredits}",
                        AccountId: id));
                }
                var account = records.Accounts[id];
                var balance = r.GetInt64(5);
                // An account whose limits changed may sit outside the new ones; its postings are checked in the scan.
                if (account.LimitChanges.Count == 0
                    && (balance - debitsPending < account.FloorMinutes || balance + creditsPending > account.CeilingMinutes))
                {
                    Found.Add(new(DiscrepancyKind.LimitPassed,
                        $"account {id} is outside its limits with holds counted (available {balance - debitsPending}, reachable {balance + creditsPending})",
                        AccountId: id));
                }
                GroupPostedMinutes += balance;
                GroupPendingMinutes += creditsPending - debitsPending;
            });
            if (GroupPostedMinutes != 0 || GroupPendingMinutes != 0)
            {
                Found.Add(new(DiscrepancyKind.LedgerGroupNotZero,
                    $"ledger group {ledgerGroup} sums to {GroupPostedMinutes} posted and {GroupPendingMinutes} pending, not zero"));
            }

            await Each("""
                SELECT h."Id", h."IdempotencyKey", EXISTS (SELECT 1 FROM "LedgerOperations" o WHERE o."IdempotencyKey" = h."IdempotencyKey")
                FROM "LedgerHolds" h JOIN "LedgerAccounts" a ON a."Id" = h."DebitAccountId"
                WHERE a."LedgerGroup" = @group
                """, r =>
            {
                Holds++;
                if (!r.GetBoolean(2))
                {
                    Found.Add(new(DiscrepancyKind.IdempotencyRecordMissing,
                        $"hold {r.GetInt64(0)} has idempotency key {r.GetString(1)}, which has no operations record", RecordType: "hold", RecordId: r.GetInt64(0)));
                }
            });
        }

        private long GroupPostedMinutes { get; set; }

        private long GroupPendingMinutes { get; set; }
    }
}
