namespace TimeBank.Ledger.Model;

/// <summary>
/// One link of a ledger group's hash chain: it commits to one record (an entry, an account opened, a change of limits or
/// a period close) and to the link before it, so an auditor of one community can recompute that community's chain alone.
/// </summary>
public sealed class ChainLink
{
    /// <summary>What <see cref="RecordType"/> says for a journal entry (<see cref="RecordId"/> is its sequence).</summary>
    public const string Entry = "entry";

    /// <summary>An account opened (<see cref="RecordId"/> is the account id).</summary>
    public const string Account = "account";

    /// <summary>A change of an account's limits (<see cref="RecordId"/> is the limit change's id).</summary>
    public const string Limits = "limits";

    /// <summary>A period close (<see cref="RecordId"/> is the close's id).</summary>
    public const string Close = "close";

    private ChainLink()
    {
    }

    public string LedgerGroup { get; private set; } = "";

    /// <summary>1, 2, 3, … without gaps within the group.</summary>
    public long Position { get; private set; }

    /// <summary><see cref="Entry"/>, <see cref="Account"/>, <see cref="Limits"/> or <see cref="Close"/>.</summary>
    public string RecordType { get; private set; } = "";

    public long RecordId { get; private set; }

    /// <summary>The previous link's <see cref="Hash"/>; 64 zeros for position 1.</summary>
    public string PreviousHash { get; private set; } = "";

    /// <summary>SHA-256(previous hash as 32 bytes || UTF-8 canonical text of the record), lowercase hex.</summary>
    public string Hash { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }
}
