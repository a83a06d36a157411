using System.Globalization;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>The community chain and period closes: each group's head, its links, its closes.</summary>
internal sealed partial class LedgerSession
{
    // Each group's chain head and last close, kept between items of a batch (one look-up per group per batch);
    // forgotten whenever an item rolls back, like the journal's head.
    private readonly Dictionary<string, GroupChain> _groups = new(StringComparer.Ordinal);

    /// <summary>The group's chain head and the end of its last closed period, as they stand inside this transaction.</summary>
    public GroupChain Chain(string ledgerGroup)
    {
        if (_groups.TryGetValue(ledgerGroup, out var cached))
        {
            return cached;
        }
        var command = Prepare("groupChain", """
            SELECT l."Position", l."Hash",
                   (SELECT c."EndsAtUnixMs" FROM "LedgerPeriodCloses" c WHERE c."LedgerGroup" = @group ORDER BY c."EndsAtUnixMs" DESC LIMIT 1)
            FROM (SELECT 1) AS one
            LEFT JOIN (SELECT "Position", "Hash" FROM "LedgerChainLinks" WHERE "LedgerGroup" = @group ORDER BY "Position" DESC LIMIT 1) AS l ON 1 = 1
            """, "@group");
        command.Parameters[0].Value = ledgerGroup;
        GroupChain chain;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            chain = new GroupChain
            {
                Position = reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
                Hash = reader.IsDBNull(1) ? EntryHash.Genesis : reader.GetString(1),
                LastCloseEndsAtUnixMs = reader.IsDBNull(2) ? null : reader.GetInt64(2),
            };
        }
        _groups.Add(ledgerGroup, chain);
        return chain;
    }

    /// <summary>Appends the record's link to its group's chain, in the transaction that writes the record.</summary>
    public void AppendLink(string ledgerGroup, string recordType, long recordId, byte[] canonicalText, long recordedUnixMs)
    {
        var chain = Chain(ledgerGroup);
        var hash = ChainHash.Link(chain.Hash, canonicalText);
        var command = Prepare("insertLink", """
            INSERT INTO "LedgerChainLinks" ("LedgerGroup", "Position", "RecordType", "RecordId", "PreviousHash", "Hash", "RecordedAtUnixMs")
            VALUES (@group, @position, @type, @record, @previous, @hash, @recorded)
            """, "@group", "@position", "@type", "@record", "@previous", "@hash", "@recorded");
        Bind(command, ledgerGroup, chain.Position + 1, recordType, recordId, chain.Hash, hash, recordedUnixMs);
        Wrote = true;
        command.ExecuteNonQuery();
        chain.Position++;
        chain.Hash = hash;
    }

    /// <summary>
    /// Every account of the group opened by <paramref name="endsAtUnixMs"/>, in id order, with its posted balance then (the
    /// running balance of its last posting recorded by then: one index seek per account), and the group's last entry
    /// recorded by then (0 when none).
    /// </summary>
    public (long LastSequence, List<(long AccountId, long BalanceMinutes)> Balances) BalancesAt(string ledgerGroup, long endsAtUnixMs)
    {
        // Recorded time never decreases along the sequence: the period is a prefix of the journal.
        var cut = Prepare("periodCut", """
            SELECT "Sequence" FROM "LedgerEntries" WHERE "RecordedAtUnixMs" <= @at ORDER BY "RecordedAtUnixMs" DESC, "Sequence" DESC LIMIT 1
            """, "@at");
        cut.Parameters[0].Value = endsAtUnixMs;
        var cutSequence = cut.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0L;

        var command = Prepare("periodBalances", """
            SELECT a."Id",
                   (SELECT p."EntrySequence" FROM "LedgerPostings" p WHERE p."AccountId" = a."Id" AND p."EntrySequence" <= @cut
                    ORDER BY p."EntrySequence" DESC LIMIT 1),
                   (SELECT p."BalanceAfterMinutes" FROM "LedgerPostings" p WHERE p."AccountId" = a."Id" AND p."EntrySequence" <= @cut
                    ORDER BY p."EntrySequence" DESC LIMIT 1)
            FROM "LedgerAccounts" a
            WHERE a."LedgerGroup" = @group AND a."OpenedAtUnixMs" <= @at
            ORDER BY a."Id"
            """, "@cut", "@group", "@at");
        Bind(command, cutSequence, ledgerGroup, endsAtUnixMs);
        using var reader = command.ExecuteReader();
        var balances = new List<(long, long)>();
        long lastSequence = 0;
        while (reader.Read())
        {
            if (!reader.IsDBNull(1))
            {
                lastSequence = Math.Max(lastSequence, reader.GetInt64(1));
            }
            balances.Add((reader.GetInt64(0), reader.IsDBNull(2) ? 0 : reader.GetInt64(2)));
        }
        return (lastSequence, balances);
    }

    /// <summary>Writes the close, its balances and its link; returns the close's id.</summary>
    public long InsertPeriodClose(string ledgerGroup, long endsAtUnixMs, long lastSequence, List<(long AccountId, long BalanceMinutes)> balances)
    {
        var chain = Chain(ledgerGroup);
        var digest = ChainText.BalancesDigest(balances);
        var insert = Prepare("insertPeriodClose", """
            INSERT INTO "LedgerPeriodCloses" ("LedgerGroup", "EndsAtUnixMs", "LastSequence", "BalancesDigest", "ChainHeadHash", "RecordedAtUnixMs")
            VALUES (@group, @endsAt, @last, @digest, @head, @recorded)
            RETURNING "Id"
            """, "@group", "@endsAt", "@last", "@digest", "@head", "@recorded");
        Bind(insert, ledgerGroup, endsAtUnixMs, lastSequence, digest, chain.Hash, NowUnixMs);
        Wrote = true;
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);

        var balance = Prepare("insertPeriodBalance", """
            INSERT INTO "LedgerPeriodBalances" ("CloseId", "AccountId", "BalanceMinutes") VALUES (@close, @account, @balance)
            """, "@close", "@account", "@balance");
        foreach (var (accountId, balanceMinutes) in balances)
        {
            Bind(balance, id, accountId, balanceMinutes);
            balance.ExecuteNonQuery();
        }

        AppendLink(ledgerGroup, ChainLink.Close, id, ChainText.Close(id, ledgerGroup, endsAtUnixMs, lastSequence, digest, NowUnixMs), NowUnixMs);
        chain.LastCloseEndsAtUnixMs = endsAtUnixMs;
        return id;
    }
}

/// <summary>A group's chain head and the end of its last closed period (Unix ms), inside the writer's transaction.</summary>
internal sealed class GroupChain
{
    public long Position { get; set; }

    public string Hash { get; set; } = EntryHash.Genesis;

    public long? LastCloseEndsAtUnixMs { get; set; }
}
