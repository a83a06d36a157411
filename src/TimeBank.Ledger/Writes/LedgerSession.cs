using System.Data.Common;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// The ledger's write primitives on one open connection: prepared ADO.NET commands, kept for the writer's
/// life so SQLite parses each statement once. Commands decide; this class reads and writes rows. SQL is
/// quoted and portable (SQLite and PostgreSQL both accept it).
/// </summary>
internal sealed partial class LedgerSession(DbConnection connection, TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = [];
    private DbTransaction? _transaction;

    // The chain head, kept between items of a batch; forgotten whenever an item rolls back.
    private (long Sequence, string Hash, long RecordedAtUnixMs)? _head;

    /// <summary>The clock reading for the item being executed, in Unix milliseconds.</summary>
    public long NowUnixMs { get; private set; }

    /// <summary>Whether the item being executed has written a row; a rejection must never have.</summary>
    public bool Wrote { get; private set; }

    /// <summary>Points every prepared command at the batch's transaction.</summary>
    public void UseTransaction(DbTransaction transaction)
    {
        _transaction = transaction;
        _head = null;
        _groups.Clear();
        foreach (var command in _commands.Values)
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>An item that may have to be undone alone (see LedgerWriter) runs inside its own savepoint.</summary>
    public void BeginItem() => Prepare("savepoint", "SAVEPOINT ledger_item").ExecuteNonQuery();

    public void CommitItem() => Prepare("release", "RELEASE SAVEPOINT ledger_item").ExecuteNonQuery();

    public void RollBackItem()
    {
        _head = null;
        _groups.Clear();
        // ROLLBACK TO keeps the savepoint open; release it so savepoints do not pile up over a batch.
        Prepare("rollback", "ROLLBACK TO SAVEPOINT ledger_item; RELEASE SAVEPOINT ledger_item").ExecuteNonQuery();
    }

    // The accounts the current command changed, as they stand after it: callers tell owners without reading them back.
    private readonly Dictionary<long, AccountBalance> _changed = [];

    public LedgerResult Execute(LedgerCommand command)
    {
        if (!command.HasValidEnvelope())
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidCommand);
        }

        NowUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        Wrote = false;
        _changed.Clear();
        var requestHash = command.ComputeRequestHash();
        var previous = FindOperation(command.IdempotencyKey);
        if (previous is not null)
        {
            return previous.Value.RequestHash == requestHash
                ? previous.Value.Result with { IsReplay = true }
                : LedgerResult.Rejected(LedgerStatus.IdempotencyConflict);
        }

        var result = command.Apply(this);
        if (result.Succeeded)
        {
            InsertOperation(command, requestHash, result);
            result = result with { Balances = [.. _changed.Values] };
        }
        return result;
    }

    public AccountState? LoadAccount(long accountId)
    {
        var command = Prepare("loadAccount", """
            SELECT "LedgerGroup", "Status", "FloorMinutes", "CeilingMinutes", "DebitsPostedMinutes", "CreditsPostedMinutes",
                   "DebitsPendingMinutes", "CreditsPendingMinutes", "Version"
            FROM "LedgerAccounts" WHERE "Id" = @id
            """, "@id");
        command.Parameters[0].Value = accountId;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var account = new AccountState
        {
            Id = accountId,
            LedgerGroup = reader.GetString(0),
            Status = Enum.Parse<AccountStatus>(reader.GetString(1)),
            FloorMinutes = reader.IsDBNull(2) ? null : reader.GetInt64(2),
            CeilingMinutes = reader.IsDBNull(3) ? null : reader.GetInt64(3),
            DebitsPostedMinutes = reader.GetInt64(4),
            CreditsPostedMinutes = reader.GetInt64(5),
            DebitsPendingMinutes = reader.GetInt64(6),
            CreditsPendingMinutes = reader.GetInt64(7),
            Version = reader.GetInt64(8),
        };
        account.MarkLoaded();
        return account;
    }

    /// <summary>
    /// Loads the accounts a write touches, in the order given, and refuses missing, closed or mixed-group
    /// accounts (minutes never cross from one community to another).
    /// </summary>
    public LedgerStatus LoadAccounts(IEnumerable<long> accountIds, out Dictionary<long, AccountState> accounts)
    {
        accounts = [];
        foreach (var id in accountIds)
        {
            if (accounts.ContainsKey(id))
            {
                continue;
            }
            var account = LoadAccount(id);
            if (account is null)
            {
                return LedgerStatus.AccountNotFound;
            }
            accounts.Add(id, account);
        }

        var group = accounts.Values.FirstOrDefault()?.LedgerGroup;
        if (accounts.Values.Any(a => a.LedgerGroup != group))
        {
            return LedgerStatus.LedgerGroupMismatch;
        }
        return accounts.Values.Any(a => a.Status == AccountStatus.Closed) ? LedgerStatus.AccountClosed : LedgerStatus.Ok;
    }

    public void SaveAccount(AccountState account)
    {
        var command = Prepare("saveAccount", """
            UPDATE "LedgerAccounts" SET "Status" = @status, "DebitsPostedMinutes" = @dp, "CreditsPostedMinutes" = @cp,
                "DebitsPendingMinutes" = @dpend, "CreditsPendingMinutes" = @cpend, "ClosedAtUnixMs" = @closed,
                "Version" = "Version" + 1
            WHERE "Id" = @id AND "Version" = @version
            """, "@status", "@dp", "@cp", "@dpend", "@cpend", "@closed", "@id", "@version");
        Bind(command, account.Status.ToString(), account.DebitsPostedMinutes, account.CreditsPostedMinutes,
            account.DebitsPendingMinutes, account.CreditsPendingMinutes, account.ClosedAt?.ToUnixTimeMilliseconds(),
            account.Id, account.Version);
        Wrote = true;
        if (command.ExecuteNonQuery() != 1)
        {
            throw new LostRaceException($"account {account.Id} changed since it was read");
        }
        _changed[account.Id] = new AccountBalance(account.Id, account.BalanceMinutes, account.AvailableMinutes);
    }

    /// <summary>
    /// Records new limits in the account's limit history (the opening limits first, the first time) and
    /// sets them on the account, from the journal's next entry on.
    /// </summary>
    public void ChangeLimits(AccountState account, long? floorMinutes, long? ceilingMinutes)
    {
        var insert = Prepare("insertLimitChange", """
            INSERT INTO "LedgerLimitChanges" ("AccountId", "EffectiveFromSequence", "FloorMinutes", "CeilingMinutes", "RecordedAtUnixMs")
            SELECT @account, @from, @floor, @ceiling, @now
            WHERE @from > 0 OR NOT EXISTS (SELECT 1 FROM "LedgerLimitChanges" WHERE "AccountId" = @account)
            RETURNING "Id"
            """, "@account", "@from", "@floor", "@ceiling", "@now");
        // Sequence 0 keeps the limits the account opened with, for the entries written before this change.
        foreach (var (from, floor, ceiling) in new[] { (0L, account.FloorMinutes, account.CeilingMinutes), (Head().Sequence + 1, floorMinutes, ceilingMinutes) })
        {
            Bind(insert, account.Id, from, floor, ceiling, NowUnixMs);
            if (insert.ExecuteScalar() is { } inserted and not DBNull)
            {
                var id = Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture);
                AppendLink(account.LedgerGroup, ChainLink.Limits, id, ChainText.Limits(id, account.Id, from, floor, ceiling, NowUnixMs), NowUnixMs);
            }
        }

        var update = Prepare("changeLimits", """
            UPDATE "LedgerAccounts" SET "FloorMinutes" = @floor, "CeilingMinutes" = @ceiling, "Version" = "Version" + 1
            WHERE "Id" = @id AND "Version" = @version
            """, "@floor", "@ceiling", "@id", "@version");
        Bind(update, floorMinutes, ceilingMinutes, account.Id, account.Version);
        Wrote = true;
        if (update.ExecuteNonQuery() != 1)
        {
            throw new LostRaceException($"account {account.Id} changed since it was read");
        }
    }

    public bool AccountCodeExists(string ledgerGroup, string code)
    {
        var command = Prepare("accountCodeExists",
            """SELECT 1 FROM "LedgerAccounts" WHERE "LedgerGroup" = @group AND "Code" = @code""", "@group", "@code");
        Bind(command, ledgerGroup, code);
        return command.ExecuteScalar() is not null;
    }

    public long InsertAccount(OpenAccount open)
    {
        var command = Prepare("insertAccount", """
            INSERT INTO "LedgerAccounts" ("LedgerGroup", "Code", "Kind", "Status", "FloorMinutes", "CeilingMinutes",
                "DebitsPostedMinutes", "CreditsPostedMinutes", "DebitsPendingMinutes", "CreditsPendingMinutes", "Version",
                "OpenedAtUnixMs", "ClosedAtUnixMs")
            VALUES (@group, @code, @kind, 'Open', @floor, @ceiling, 0, 0, 0, 0, 0, @opened, NULL)
            RETURNING "Id"
            """, "@group", "@code", "@kind", "@floor", "@ceiling", "@opened");
        // Like an entry, an account opened after a close is dated after it (the clock may not have moved since the
        // close): a closed period's snapshot holds exactly the accounts it could see.
        var openedUnixMs = Chain(open.LedgerGroup).LastCloseEndsAtUnixMs is { } closedUntil ? Math.Max(NowUnixMs, closedUntil + 1) : NowUnixMs;
        Bind(command, open.LedgerGroup, open.Code, open.Kind.ToString(), open.FloorMinutes, open.CeilingMinutes, openedUnixMs);
        Wrote = true;
        var id = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        AppendLink(open.LedgerGroup, ChainLink.Account, id,
            ChainText.Account(id, open.LedgerGroup, open.Code, open.Kind.ToString(), open.FloorMinutes, open.CeilingMinutes, openedUnixMs), openedUnixMs);
        return id;
    }

    /// <summary>
    /// Applies the legs to the loaded accounts, checks every limit and only then writes the entry, its
    /// postings with running balances, and the accounts. This is the only code that changes posted totals.
    /// </summary>
    public LedgerResult PostEntry(
        LedgerCommand command,
        EntryKind kind,
        IReadOnlyList<PostingLine> legs,
        Dictionary<long, AccountState> accounts,
        long? reversesSequence = null,
        long? holdId = null)
    {
        foreach (var leg in legs)
        {
            accounts[leg.AccountId].Apply(leg.Side, leg.AmountMinutes);
        }
        foreach (var leg in legs)
        {
            var status = accounts[leg.AccountId].CheckLimits();
            if (status != LedgerStatus.Ok)
            {
                return LedgerResult.Rejected(status);
            }
        }

        var group = accounts[legs[0].AccountId].LedgerGroup;
        var chain = Chain(group);
        var (lastSequence, lastHash, lastRecordedUnixMs) = Head();
        // Recorded time never runs backwards along the sequence, so "balance at time T" can cut by sequence; and it is
        // always after the group's last close, so a closed period's snapshot stays what the postings say.
        var recordedUnixMs = Math.Max(NowUnixMs, lastRecordedUnixMs);
        if (chain.LastCloseEndsAtUnixMs is { } closedUntil)
        {
            recordedUnixMs = Math.Max(recordedUnixMs, closedUntil + 1);
            if ((command.EffectiveAt?.ToUnixTimeMilliseconds() ?? recordedUnixMs) <= closedUntil)
            {
                return LedgerResult.Rejected(LedgerStatus.PeriodClosed);
            }
        }
        var (memoSalt, memoDigest) = MemoCommitment.Commit(command.Memo);
        var entry = new EntryRecord(
            lastSequence + 1, kind, command.Memo, command.EffectiveAt?.ToUnixTimeMilliseconds() ?? recordedUnixMs,
            recordedUnixMs, command.ActorId, command.EffectivePrincipalId, command.PolicyVersion, command.IdempotencyKey,
            command.Cause?.Type, command.Cause?.Id, reversesSequence, holdId, EntryHash.CurrentFormat, memoSalt, memoDigest);
        var postings = new PostingRecord[legs.Count];
        for (var i = 0; i < legs.Count; i++)
        {
            var leg = legs[i];
            postings[i] = new PostingRecord(i, leg.AccountId, leg.Side, leg.AmountMinutes, accounts[leg.AccountId].BalanceMinutes);
        }
        var text = EntryHash.CanonicalText(entry, postings)!;
        var hash = ChainHash.Link(lastHash, text);

        InsertEntry(entry, hash);
        _head = (entry.Sequence, hash, recordedUnixMs);
        foreach (var posting in postings)
        {
            InsertPosting(entry.Sequence, posting);
        }
        foreach (var account in accounts.Values)
        {
            SaveAccount(account);
        }
        AppendLink(group, ChainLink.Entry, entry.Sequence, text, recordedUnixMs);
        return new LedgerResult(LedgerStatus.Ok)
        {
            EntrySequence = entry.Sequence,
            HoldId = holdId,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(recordedUnixMs),
        };
    }

    public (long Sequence, string Hash, long RecordedAtUnixMs) Head()
    {
        if (_head is { } head)
        {
            return head;
        }
        var command = Prepare("head",
            """SELECT "Sequence", "Hash", "RecordedAtUnixMs" FROM "LedgerEntries" ORDER BY "Sequence" DESC LIMIT 1""");
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)) : (0, EntryHash.Genesis, 0);
    }

    public IReadOnlyList<PostingLine> LoadPostings(long entrySequence)
    {
        var command = Prepare("loadPostings", """
            SELECT "AccountId", "Side", "AmountMinutes" FROM "LedgerPostings"
            WHERE "EntrySequence" = @sequence ORDER BY "Index"
            """, "@sequence");
        command.Parameters[0].Value = entrySequence;
        using var reader = command.ExecuteReader();
        var legs = new List<PostingLine>();
        while (reader.Read())
        {
            legs.Add(new PostingLine(reader.GetInt64(0), Enum.Parse<PostingSide>(reader.GetString(1)), reader.GetInt64(2)));
        }
        return legs;
    }

    public bool IsReversed(long entrySequence)
    {
        var command = Prepare("isReversed",
            """SELECT 1 FROM "LedgerEntries" WHERE "ReversesSequence" = @sequence""", "@sequence");
        command.Parameters[0].Value = entrySequence;
        return command.ExecuteScalar() is not null;
    }

    public HoldState? LoadHold(long holdId)
    {
        var command = Prepare("loadHold", """
            SELECT "Id", "DebitAccountId", "CreditAccountId", "AmountMinutes", "Status", "ExpiresAtUnixMs"
            FROM "LedgerHolds" WHERE "Id" = @id
            """, "@id");
        command.Parameters[0].Value = holdId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadHold(reader) : null;
    }

    public List<HoldState> LoadExpiredHolds()
    {
        var command = Prepare("expiredHolds", """
            SELECT "Id", "DebitAccountId", "CreditAccountId", "AmountMinutes", "Status", "ExpiresAtUnixMs"
            FROM "LedgerHolds" WHERE "Status" = 'Pending' AND "ExpiresAtUnixMs" <= @now ORDER BY "Id"
            """, "@now");
        command.Parameters[0].Value = NowUnixMs;
        using var reader = command.ExecuteReader();
        var holds = new List<HoldState>();
        while (reader.Read())
        {
            holds.Add(ReadHold(reader));
        }
        return holds;
    }

    public long InsertHold(PlaceHold place)
    {
        var command = Prepare("insertHold", """
            INSERT INTO "LedgerHolds" ("DebitAccountId", "CreditAccountId", "AmountMinutes", "Status", "PlacedAtUnixMs",
                "ExpiresAtUnixMs", "IdempotencyKey", "ActorId", "PrincipalId", "CauseType", "CauseId", "Memo")
            VALUES (@debit, @credit, @amount, 'Pending', @placed, @expires, @key, @actor, @principal, @causeType, @causeId, @memo)
            RETURNING "Id"
            """, "@debit", "@credit", "@amount", "@placed", "@expires", "@key", "@actor", "@principal", "@causeType", "@causeId", "@memo");
        Bind(command, place.DebitAccountId, place.CreditAccountId, place.AmountMinutes, NowUnixMs,
            place.ExpiresAt?.ToUnixTimeMilliseconds(), place.IdempotencyKey, place.ActorId, place.EffectivePrincipalId,
            place.Cause?.Type, place.Cause?.Id, place.Memo);
        Wrote = true;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves a pending hold to its final status; holds leave Pending exactly once.</summary>
    public void ResolveHold(long holdId, HoldStatus status, long? postedMinutes, long? postedEntrySequence)
    {
        var command = Prepare("resolveHold", """
            UPDATE "LedgerHolds" SET "Status" = @status, "ResolvedAtUnixMs" = @resolved, "PostedMinutes" = @posted,
                "PostedEntrySequence" = @entry
            WHERE "Id" = @id AND "Status" = 'Pending'
            """, "@status", "@resolved", "@posted", "@entry", "@id");
        Bind(command, status.ToString(), NowUnixMs, postedMinutes, postedEntrySequence, holdId);
        Wrote = true;
        if (command.ExecuteNonQuery() != 1)
        {
            throw new LostRaceException($"hold {holdId} was resolved since it was read");
        }
    }

    /// <summary>
    /// Erases the memos (and salts) of format-2 entries and the memos of holds that match any selector, and the
    /// request hashes of the operations that carried them; returns how many entries and holds lost a memo.
    /// </summary>
    public long EraseMemos(IReadOnlyList<long> entrySequences, IReadOnlyList<string> partyIds, IReadOnlyList<long> accountIds)
    {
        long erased = 0;
        foreach (var sequence in entrySequences)
        {
            erased += Erase("byEntry", "\"Sequence\" = @value", "\"PostedEntrySequence\" = @value", sequence);
        }
        foreach (var party in partyIds)
        {
            erased += Erase("byParty", "(\"ActorId\" = @value OR \"PrincipalId\" = @value)", "(\"ActorId\" = @value OR \"PrincipalId\" = @value)", party);
        }
        foreach (var account in accountIds)
        {
            erased += Erase("byAccount",
                "\"Sequence\" IN (SELECT \"EntrySequence\" FROM \"LedgerPostings\" WHERE \"AccountId\" = @value)",
                "(\"DebitAccountId\" = @value OR \"CreditAccountId\" = @value)", account);
        }
        return erased;
    }

    private long Erase(string selector, string entryCondition, string holdCondition, object value)
    {
        // Format 1 committed to the memo itself: erasing it would break the chain (and the trigger refuses it).
        var entries = ReadIds(Prepare("eraseEntries" + selector, $"""
            UPDATE "LedgerEntries" SET "Memo" = NULL, "MemoSalt" = NULL
            WHERE "HashFormat" >= 2 AND "Memo" IS NOT NULL AND {entryCondition}
            RETURNING "Sequence"
            """, "@value"), value);
        var holds = ReadIds(Prepare("eraseHolds" + selector, $"""
            UPDATE "LedgerHolds" SET "Memo" = NULL WHERE "Memo" IS NOT NULL AND {holdCondition} RETURNING "Id"
            """, "@value"), value);
        var forgetEntry = Prepare("forgetEntryRequest", """
            UPDATE "LedgerOperations" SET "RequestHash" = 'erased' WHERE "EntrySequence" = @id
            """, "@id");
        var forgetHold = Prepare("forgetHoldRequest", """
            UPDATE "LedgerOperations" SET "RequestHash" = 'erased' WHERE "HoldId" = @id
            """, "@id");
        foreach (var (command, ids) in new[] { (forgetEntry, entries), (forgetHold, holds) })
        {
            foreach (var id in ids)
            {
                command.Parameters[0].Value = id;
                command.ExecuteNonQuery();
            }
        }
        Wrote = true;
        return entries.Count + holds.Count;
    }

    private static List<long> ReadIds(DbCommand command, object value)
    {
        command.Parameters[0].Value = value;
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }

    private static HoldState ReadHold(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
        Enum.Parse<HoldStatus>(reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetInt64(5));

    private (string RequestHash, LedgerResult Result)? FindOperation(string idempotencyKey)
    {
        var command = Prepare("findOperation", """
            SELECT "RequestHash", "EntrySequence", "HoldId", "AccountId", "AffectedCount", "RecordedAtUnixMs", "PeriodCloseId"
            FROM "LedgerOperations" WHERE "IdempotencyKey" = @key
            """, "@key");
        command.Parameters[0].Value = idempotencyKey;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return (reader.GetString(0), new LedgerResult(LedgerStatus.Ok)
        {
            EntrySequence = reader.IsDBNull(1) ? null : reader.GetInt64(1),
            HoldId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
            AccountId = reader.IsDBNull(3) ? null : reader.GetInt64(3),
            AffectedCount = reader.GetInt64(4),
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            PeriodCloseId = reader.IsDBNull(6) ? null : reader.GetInt64(6),
        });
    }

    private void InsertOperation(LedgerCommand ledgerCommand, string requestHash, LedgerResult result)
    {
        // The primary key makes a second writer with the same key fail here even if it raced past the lookup.
        var command = Prepare("insertOperation", """
            INSERT INTO "LedgerOperations" ("IdempotencyKey", "CommandType", "RequestHash", "EntrySequence", "HoldId",
                "AccountId", "AffectedCount", "RecordedAtUnixMs", "PeriodCloseId")
            VALUES (@key, @type, @hash, @entry, @hold, @account, @count, @recorded, @close)
            """, "@key", "@type", "@hash", "@entry", "@hold", "@account", "@count", "@recorded", "@close");
        Bind(command, ledgerCommand.IdempotencyKey, ledgerCommand.CommandType, requestHash, result.EntrySequence,
            result.HoldId, result.AccountId, result.AffectedCount, result.RecordedAt?.ToUnixTimeMilliseconds() ?? NowUnixMs,
            result.PeriodCloseId);
        Wrote = true;
        command.ExecuteNonQuery();
    }

    private void InsertEntry(EntryRecord entry, string hash)
    {
        var command = Prepare("insertEntry", """
            INSERT INTO "LedgerEntries" ("Sequence", "Kind", "Memo", "EffectiveAtUnixMs", "RecordedAtUnixMs", "ActorId",
                "PrincipalId", "PolicyVersion", "IdempotencyKey", "CauseType", "CauseId", "ReversesSequence", "HoldId", "Hash",
                "HashFormat", "MemoSalt", "MemoDigest")
            VALUES (@seq, @kind, @memo, @effective, @recorded, @actor, @principal, @policy, @key, @causeType, @causeId,
                @reverses, @hold, @hash, @format, @salt, @digest)
            """, "@seq", "@kind", "@memo", "@effective", "@recorded", "@actor", "@principal", "@policy", "@key",
            "@causeType", "@causeId", "@reverses", "@hold", "@hash", "@format", "@salt", "@digest");
        Bind(command, entry.Sequence, entry.Kind.ToString(), entry.Memo, entry.EffectiveAtUnixMs, entry.RecordedAtUnixMs,
            entry.ActorId, entry.PrincipalId, entry.PolicyVersion, entry.IdempotencyKey, entry.CauseType, entry.CauseId,
            entry.ReversesSequence, entry.HoldId, hash, entry.HashFormat, entry.MemoSalt, entry.MemoDigest);
        Wrote = true;
        command.ExecuteNonQuery();
    }

    private void InsertPosting(long entrySequence, PostingRecord posting)
    {
        var command = Prepare("insertPosting", """
            INSERT INTO "LedgerPostings" ("EntrySequence", "Index", "AccountId", "Side", "AmountMinutes", "BalanceAfterMinutes")
            VALUES (@seq, @index, @account, @side, @amount, @balance)
            """, "@seq", "@index", "@account", "@side", "@amount", "@balance");
        Bind(command, entrySequence, posting.Index, posting.AccountId, posting.Side.ToString(), posting.AmountMinutes,
            posting.BalanceAfterMinutes);
        Wrote = true;
        command.ExecuteNonQuery();
    }

    private DbCommand Prepare(string name, string sql, params string[] parameterNames)
    {
        if (_commands.TryGetValue(name, out var existing))
        {
            return existing;
        }
        var command = connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var parameterName in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterName;
            command.Parameters.Add(parameter);
        }
        _commands.Add(name, command);
        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}

internal sealed record HoldState(long Id, long DebitAccountId, long CreditAccountId, long AmountMinutes, HoldStatus Status, long? ExpiresAtUnixMs);
