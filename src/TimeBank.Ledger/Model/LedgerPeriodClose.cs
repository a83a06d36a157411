namespace TimeBank.Ledger.Model;

/// <summary>
/// A closed period of one ledger group: every account's balance at <see cref="EndsAt"/>, frozen, and the chain head it
/// followed. Immutable like entries; no entry dated at or before <see cref="EndsAt"/> is accepted afterwards.
/// </summary>
public sealed class LedgerPeriodClose
{
    private readonly List<LedgerPeriodBalance> _balances = [];

    private LedgerPeriodClose()
    {
    }

    public long Id { get; private set; }

    public string LedgerGroup { get; private set; } = "";

    /// <summary>The period covers everything recorded up to and including this instant.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>The group's last entry recorded at or before <see cref="EndsAt"/>; 0 when there was none.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the balance text (<c>account=&lt;id&gt;\nbalance=&lt;minutes&gt;\n</c> per account, in id order).</summary>
    public string BalancesDigest { get; private set; } = "";

    /// <summary>The group's chain head hash just before the close (the close's link's previous hash).</summary>
    public string ChainHeadHash { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Every account of the group opened by <see cref="EndsAt"/>, with its balance then.</summary>
    public IReadOnlyList<LedgerPeriodBalance> Balances => _balances;
}
