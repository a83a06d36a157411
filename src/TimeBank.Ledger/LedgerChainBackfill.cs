using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Ledger;

/// <summary>
/// Gives a database written before the community chain its links. A migration cannot hash, so the host calls this after
/// migrating, before the writer starts; it does nothing once any link exists.
/// </summary>
public static class LedgerChainBackfill
{
    private const int EntriesPerRead = 2000;

    /// <summary>
    /// When the links table is empty, links every account, limit change and entry of each group in the order they were
    /// written: accounts by id before the first entry (or limit change) that uses them, limit changes before the entry of
    /// their effective sequence, entries in sequence order, and what no entry followed at the end. One transaction.
    /// </summary>
    /// <returns>How many links were written.</returns>
    public static async Task<long> AppendMissingLinksAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = context.Database.GetDbConnection();
            var owned = context.Database.CurrentTransaction is null ? await context.Database.BeginTransactionAsync(cancellationToken) : null;
            var transaction = context.Database.CurrentTransaction!.GetDbTransaction();
            try
            {
                await using (var any = LedgerConnection.Command(connection, transaction, """SELECT 1 FROM "LedgerChainLinks" LIMIT 1"""))
                {
                    if (await any.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        return 0;
                    }
                }
                using var backfill = new Backfill(connection, transaction);
                await backfill.LoadAsync(cancellationToken);
                await backfill.LinkEntriesAsync(cancellationToken);
                backfill.LinkTheRest();
                if (owned is not null)
                {
                    await owned.CommitAsync(cancellationToken);
                }
                return backfill.Written;
            }
            finally
            {
                if (owned is not null)
                {
                    await owned.DisposeAsync();
                }
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private sealed record Account(long Id, string Group, string Code, string Kind, long? FloorMinutes, long? CeilingMinutes, long OpenedAtUnixMs);

    private sealed record LimitChange(long Id, long AccountId, long FromSequence, long? FloorMinutes, long? CeilingMinutes, long RecordedAtUnixMs)
    {
        /// <summary>Before which entry the change was written.</summary>
        public long PlacedAtSequence { get; init; }
    }

    private sealed class Group
    {
        public long Position { get; set; }

        public string Hash { get; set; } = EntryHash.Genesis;

        public List<Account> Accounts { get; } = [];

        public int NextAccount { get; set; }

        public List<LimitChange> LimitChanges { get; } = [];

        public int NextLimitChange { get; set; }
    }

    private sealed class Backfill(DbConnection connection, DbTransaction transaction) : IDisposable
    {
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
        private readonly Dictionary<long, Account> _accounts = [];
        private readonly Dictionary<long, LimitChange> _opening = [];
        private DbCommand? _insert;

        public long Written { get; private set; }

        public async Task LoadAsync(CancellationToken cancellationToken)
        {
            await using (var command = LedgerConnection.Command(connection, transaction, """
                SELECT "Id", "LedgerGroup", "Code", "Kind", "FloorMinutes", "CeilingMinutes", "OpenedAtUnixMs" FROM "LedgerAccounts" ORDER BY "Id"
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var account = new Account(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetInt64(6));
                    _accounts.Add(account.Id, account);
                    GroupOf(account.Group).Accounts.Add(account);
                }
            }
            var changes = new List<LimitChange>();
            await using (var command = LedgerConnection.Command(connection, transaction, """
                SELECT "Id", "AccountId", "EffectiveFromSequence", "FloorMinutes", "CeilingMinutes", "RecordedAtUnixMs"
                FROM "LedgerLimitChanges" ORDER BY "AccountId", "Id"
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    changes.Add(new LimitChange(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
                        reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt64(5)));
                }
            }
            // A change applies from its sequence on and was written just before that entry; the sequence-0 row (the opening
            // limits, kept when the limits first change) was written together with the change that follows it.
            var placed = new List<(long Sequence, LimitChange Change)>(changes.Count);
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                var sequence = change.FromSequence;
                if (sequence == 0)
                {
                    _opening.TryAdd(change.AccountId, change);
                    sequence = i + 1 < changes.Count && changes[i + 1].AccountId == change.AccountId ? changes[i + 1].FromSequence : 0;
                }
                placed.Add((sequence, change));
            }
            foreach (var (sequence, change) in placed.OrderBy(p => p.Sequence).ThenBy(p => p.Change.Id))
            {
                GroupOf(_accounts[change.AccountId].Group).LimitChanges.Add(change with { PlacedAtSequence = sequence });
            }
        }

        /// <summary>Reads the journal a chunk at a time (the reader is closed before the links of a chunk are written).</summary>
        public async Task LinkEntriesAsync(CancellationToken cancellationToken)
        {
            long after = 0;
            while (true)
            {
                var chunk = new List<(EntryRecord Entry, List<PostingRecord> Postings)>();
                await using (var command = LedgerConnection.Command(connection, transaction, $"""
                    SELECT {JournalScan.EntryColumns}, p."Index", p."AccountId", p."Side", p."AmountMinutes", p."BalanceAfterMinutes"
                    FROM "LedgerEntries" e LEFT JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
                    WHERE e."Sequence" > @after AND e."Sequence" <= @until
                    ORDER BY e."Sequence", p."Index"
                    """, ("@after", after), ("@until", after + EntriesPerRead)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var sequence = reader.GetInt64(0);
                        if (chunk.Count == 0 || chunk[^1].Entry.Sequence != sequence)
                        {
                            chunk.Add((JournalScan.ReadEntry(reader, 0), []));
                        }
                        if (JournalScan.ReadPosting(reader, 16) is { } posting)
                        {
                            chunk[^1].Postings.Add(posting);
                        }
                    }
                }
                if (chunk.Count == 0)
                {
                    return;
                }
                foreach (var (entry, postings) in chunk)
                {
                    LinkEntry(entry, postings);
                }
                after = chunk[^1].Entry.Sequence;
            }
        }

        private void LinkEntry(EntryRecord entry, List<PostingRecord> postings)
        {
            if (postings.Count == 0 || !_accounts.TryGetValue(postings[0].AccountId, out var first))
            {
                // An entry without postings belongs to no group (only possible by tampering); reconciliation reports it.
                return;
            }
            var group = GroupOf(first.Group);
            while (group.NextLimitChange < group.LimitChanges.Count && group.LimitChanges[group.NextLimitChange].PlacedAtSequence <= entry.Sequence)
            {
                LinkLimitChange(group, group.LimitChanges[group.NextLimitChange++]);
            }
            LinkAccountsUpTo(group, postings.Max(p => p.AccountId));
            if (EntryHash.CanonicalText(entry, postings) is { } text)
            {
                Append(first.Group, group, ChainLink.Entry, entry.Sequence, text, entry.RecordedAtUnixMs);
            }
        }

        public void LinkTheRest()
        {
            foreach (var (name, group) in _groups)
            {
                while (group.NextLimitChange < group.LimitChanges.Count)
                {
                    LinkLimitChange(group, group.LimitChanges[group.NextLimitChange++]);
                }
                LinkAccountsUpTo(group, long.MaxValue);
            }
        }

        private void LinkLimitChange(Group group, LimitChange change)
        {
            LinkAccountsUpTo(group, change.AccountId);
            Append(_accounts[change.AccountId].Group, group, ChainLink.Limits, change.Id,
                ChainText.Limits(change.Id, change.AccountId, change.FromSequence, change.FloorMinutes, change.CeilingMinutes, change.RecordedAtUnixMs),
                change.RecordedAtUnixMs);
        }

        private void LinkAccountsUpTo(Group group, long accountId)
        {
            while (group.NextAccount < group.Accounts.Count && group.Accounts[group.NextAccount].Id <= accountId)
            {
                var account = group.Accounts[group.NextAccount++];
                // An account's link commits to the limits it opened with: the first limit change's (sequence 0) when they changed since.
                var opening = _opening.GetValueOrDefault(account.Id);
                var (floor, ceiling) = opening is null ? (account.FloorMinutes, account.CeilingMinutes) : (opening.FloorMinutes, opening.CeilingMinutes);
                Append(account.Group, group, ChainLink.Account, account.Id,
                    ChainText.Account(account.Id, account.Group, account.Code, account.Kind, floor, ceiling, account.OpenedAtUnixMs), account.OpenedAtUnixMs);
            }
        }

        private void Append(string name, Group group, string recordType, long recordId, byte[] text, long recordedUnixMs)
        {
            var hash = ChainHash.Link(group.Hash, text);
            _insert ??= LedgerConnection.Command(connection, transaction, """
                INSERT INTO "LedgerChainLinks" ("LedgerGroup", "Position", "RecordType", "RecordId", "PreviousHash", "Hash", "RecordedAtUnixMs")
                VALUES (@group, @position, @type, @record, @previous, @hash, @recorded)
                """, ("@group", null), ("@position", null), ("@type", null), ("@record", null), ("@previous", null), ("@hash", null), ("@recorded", null));
            object?[] values = [name, group.Position + 1, recordType, recordId, group.Hash, hash, recordedUnixMs];
            for (var i = 0; i < values.Length; i++)
            {
                _insert.Parameters[i].Value = values[i];
            }
            _insert.ExecuteNonQuery();
            group.Position++;
            group.Hash = hash;
            Written++;
        }

        public void Dispose() => _insert?.Dispose();

        private Group GroupOf(string name)
        {
            if (!_groups.TryGetValue(name, out var group))
            {
                group = new Group();
                _groups.Add(name, group);
            }
            return group;
        }
    }
}
