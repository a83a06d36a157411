namespace TimeBank.Ledger.Exports;

/// <summary>What <c>manifest.json</c> of an evidence pack says (the last file of the zip, over all the others).</summary>
public sealed record EvidencePackManifest(
    string LedgerGroup,
    DateTimeOffset AsOf,
    long ChainHeadPosition,
    string ChainHeadHash,
    long LastEntrySequence,
    EvidencePackCounts Counts,
    IReadOnlyList<EvidencePackFile> Files)
{
    /// <summary>Names the manifest's layout; a verifier refuses a format it does not know.</summary>
    public const string Format = "timebank-evidence-pack/1";
}

/// <summary>How many records of each kind the pack's files hold.</summary>
public sealed record EvidencePackCounts(
    long Links, long Entries, long Postings, long Accounts, long LimitChanges, long PeriodCloses, long PeriodBalances, long BalanceSumMinutes);

/// <summary>One file of the pack: its name in the zip, the SHA-256 of its (uncompressed) bytes, lowercase hex, and their count.</summary>
public sealed record EvidencePackFile(string Name, string Sha256, long Bytes);
