using System.Data.Common;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>An account of the group as stored, for the chain and reconciliation.</summary>
internal sealed class GroupAccount : PostingTally
{
    public required long Id { get; init; }

    public required string Code { get; init; }

    public required string Kind { get; init; }

    public required long? FloorMinutes { get; init; }

    public required long? CeilingMinutes { get; init; }

    public required long DebitsPostedMinutes { get; init; }

    public required long CreditsPostedMinutes { get; init; }

    public required long OpenedAtUnixMs { get; init; }

    /// <summary>The account's limit changes in the order they apply (effective sequence, then id).</summary>
    public List<GroupLimitChange> LimitChanges { get; } = [];

    public bool Linked { get; set; }

    /// <summary>The balance the postings' amounts give so far.</summary>
    public long SummedBalanceMinutes => CreditsSummedMinutes - DebitsSummedMinutes;

    /// <summary>The limits the account opened with: the first change's when its limits ever changed (sequence 0 keeps them).</summary>
    public (long? FloorMinutes, long? CeilingMinutes) OpeningLimits =>
        LimitChanges is [{ FromSequence: 0 } first, ..] ? (first.FloorMinutes, first.CeilingMinutes) : (FloorMinutes, CeilingMinutes);

    public override (long? FloorMinutes, long? CeilingMinutes) LimitsAt(long sequence) =>
        LimitsAt(LimitChanges, c => (c.FromSequence, c.FloorMinutes, c.CeilingMinutes), sequence, (FloorMinutes, CeilingMinutes));

    public byte[] CanonicalText(string ledgerGroup)
    {
        var (floor, ceiling) = OpeningLimits;
        return ChainText.Account(Id, ledgerGroup, Code, Kind, floor, ceiling, OpenedAtUnixMs);
    }
}

internal sealed record GroupLimitChange(long Id, long AccountId, long FromSequence, long? FloorMinutes, long? CeilingMinutes, long RecordedAtUnixMs)
{
    public bool Linked { get; set; }

    public byte[] CanonicalText() => ChainText.Limits(Id, AccountId, FromSequence, FloorMinutes, CeilingMinutes, RecordedAtUnixMs);
}

internal sealed record GroupClose(long Id, long EndsAtUnixMs, long LastSequence, string BalancesDigest, string ChainHeadHash, long RecordedAtUnixMs)
{
    public bool Linked { get; set; }

    /// <summary>The stored snapshot, in account id order.</summary>
    public List<(long AccountId, long BalanceMinutes)> Balances { get; } = [];

    public byte[] CanonicalText(string ledgerGroup) => ChainText.Close(Id, ledgerGroup, EndsAtUnixMs, LastSequence, BalancesDigest, RecordedAtUnixMs);
}

/// <summary>Every non-entry record of one group (accounts, limit changes, period closes), loaded by set-based SQL.</summary>
internal sealed class GroupRecords
{
    public Dictionary<long, GroupAccount> Accounts { get; } = [];

    public Dictionary<long, GroupLimitChange> LimitChanges { get; } = [];

    /// <summary>By end time.</summary>
    public List<GroupClose> Closes { get; } = [];

    public static async Task<GroupRecords> LoadAsync(
        DbConnection connection, DbTransaction? transaction, string ledgerGroup, bool withBalances, CancellationToken cancellationToken)
    {
        var records = new GroupRecords();
        await ReadAsync("""
            SELECT "Id", "Code", "Kind", "FloorMinutes", "CeilingMinutes", "DebitsPostedMinutes", "CreditsPostedMinutes", "OpenedAtUnixMs"
            FROM "LedgerAccounts" WHERE "LedgerGroup" = @group ORDER BY "Id"
            """, r => records.Accounts.Add(r.GetInt64(0), new GroupAccount
        {
            Id = r.GetInt64(0),
            Code = r.GetString(1),
            Kind = r.GetString(2),
            FloorMinutes = r.IsDBNull(3) ? null : r.GetInt64(3),
            CeilingMinutes = r.IsDBNull(4) ? null : r.GetInt64(4),
            DebitsPostedMinutes = r.GetInt64(5),
            CreditsPostedMinutes = r.GetInt64(6),
            OpenedAtUnixMs = r.GetInt64(7),
        }));
        await ReadAsync("""
            SELECT c."Id", c."AccountId", c."EffectiveFromSequence", c."FloorMinutes", c."CeilingMinutes", c."RecordedAtUnixMs"
            FROM "LedgerLimitChanges" c JOIN "LedgerAccounts" a ON a."Id" = c."AccountId"
            WHERE a."LedgerGroup" = @group
            ORDER BY c."AccountId", c."EffectiveFromSequence", c."Id"
            """, r =>
        {
            var change = new GroupLimitChange(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2),
                r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetInt64(5));
            records.LimitChanges.Add(change.Id, change);
            records.Accounts[change.AccountId].LimitChanges.Add(change);
        });
        var closes = new Dictionary<long, GroupClose>();
        await ReadAsync("""
            SELECT "Id", "EndsAtUnixMs", "LastSequence", "BalancesDigest", "ChainHeadHash", "RecordedAtUnixMs"
            FROM "LedgerPeriodCloses" WHERE "LedgerGroup" = @group ORDER BY "EndsAtUnixMs", "Id"
            """, r =>
        {
            var close = new GroupClose(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt64(5));
            records.Closes.Add(close);
            closes.Add(close.Id, close);
        });
        if (withBalances && closes.Count > 0)
        {
            await ReadAsync("""
                SELECT b."CloseId", b."AccountId", b."BalanceMinutes"
                FROM "LedgerPeriodBalances" b JOIN "LedgerPeriodCloses" c ON c."Id" = b."CloseId"
                WHERE c."LedgerGroup" = @group
                ORDER BY b."CloseId", b."AccountId"
                """, r => closes[r.GetInt64(0)].Balances.Add((r.GetInt64(1), r.GetInt64(2))));
        }
        return records;

        async Task ReadAsync(string sql, Action<DbDataReader> read)
        {
            await using var command = LedgerConnection.Command(connection, transaction, sql, ("@group", ledgerGroup));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                read(reader);
            }
        }
    }

    /// <summary>The canonical text of the record a link names; null when the group has no such record.</summary>
    public byte[]? CanonicalText(string ledgerGroup, ScannedLink scanned) => scanned.Link.RecordType switch
    {
        ChainLink.Entry => scanned.Entry is { } entry ? EntryHash.CanonicalText(entry, scanned.Postings) ?? [] : null,
        ChainLink.Account => Accounts.TryGetValue(scanned.Link.RecordId, out var account) ? account.CanonicalText(ledgerGroup) : null,
        ChainLink.Limits => LimitChanges.TryGetValue(scanned.Link.RecordId, out var change) ? change.CanonicalText() : null,
        ChainLink.Close => Closes.Find(c => c.Id == scanned.Link.RecordId) is { } close ? close.CanonicalText(ledgerGroup) : null,
        _ => null,
    };
}
