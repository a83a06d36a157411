using System.Data.Common;
using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Reads;

/// <summary>What is wrong with one link: its record is missing, or the chain breaks there.</summary>
internal sealed record LinkProblem(bool RecordMissing, string Reason);

/// <summary>
/// A group chain recomputed one link at a time. Each link is judged on its own: its previous hash must be the link
/// before's (as stored, or as recomputed), and its hash must be SHA-256(previous hash || its record's text). So one edit
/// is reported at the link it touched, not again at every link after it.
/// </summary>
internal sealed class GroupChainState(long firstPosition, string? previousHash)
{
    private long _expected = firstPosition;
    private string? _previousStored = previousHash;
    private string? _previousRecomputed = previousHash;

    /// <returns>Null when the link is sound.</returns>
    public LinkProblem? Feed(LinkRow link, byte[]? text)
    {
        var reasons = new List<string>(2);
        if (link.Position != _expected)
        {
            reasons.Add($"expected position {_expected}, found {link.Position}");
        }
        _expected = link.Position + 1;
        var previousOk = _previousStored is null
            || string.Equals(link.PreviousHash, _previousStored, StringComparison.Ordinal)
            || string.Equals(link.PreviousHash, _previousRecomputed, StringComparison.Ordinal);
        if (!previousOk)
        {
            reasons.Add("its previous hash is not the hash of the link before it");
        }
        var basis = previousOk ? link.PreviousHash : _previousStored!;
        string? recomputed = null;
        if (text is not null)
        {
            recomputed = ChainHash.Link(basis, text);
            if (!string.Equals(recomputed, link.Hash, StringComparison.Ordinal))
            {
                reasons.Add("its hash does not match the record it names (the record or the link was changed)");
            }
        }
        _previousStored = link.Hash;
        _previousRecomputed = recomputed ?? link.Hash;
        if (text is null)
        {
            reasons.Insert(0, $"it names {link.RecordType} {link.RecordId}, which the group does not have");
            return new LinkProblem(true, string.Join("; ", reasons));
        }
        return reasons.Count == 0 ? null : new LinkProblem(false, string.Join("; ", reasons));
    }

    public static async Task<ChainHead?> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, string ledgerGroup, CancellationToken cancellationToken)
    {
        await using var command = LedgerConnection.Command(connection, transaction, """
            SELECT "Position", "Hash" FROM "LedgerChainLinks" WHERE "LedgerGroup" = @group ORDER BY "Position" DESC LIMIT 1
            """, ("@group", ledgerGroup));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ChainHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>The stored hash of the link at <paramref name="position"/>; null when there is none.</summary>
    public static async Task<string?> ReadHashAsync(DbConnection connection, DbTransaction? transaction, string ledgerGroup, long position, CancellationToken cancellationToken)
    {
        await using var command = LedgerConnection.Command(connection, transaction, """
            SELECT "Hash" FROM "LedgerChainLinks" WHERE "LedgerGroup" = @group AND "Position" = @position
            """, ("@group", ledgerGroup), ("@position", position));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
