using System.Globalization;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// What a backup holds and whether it verified: the journal's entries and chain head (the last entry's sequence and
/// hash, what a restore is compared with), the accounts, communities and community chains, and the file's size.
/// </summary>
public sealed record BackupReport(
    string File, long SizeBytes, long Entries, long Accounts, long Communities, long? HeadSequence, string? HeadHash, IReadOnlyList<string> Problems)
{
    /// <summary>At most this many problems are kept; the first says the most.</summary>
    public const int MaxProblems = 5;

    public bool IsSound => Problems.Count == 0;

    /// <summary>The journal's last entry as <c>SEQUENCE HASH</c>, or <c>none</c> before the first entry.</summary>
    public string ChainHead => HeadSequence is { } sequence ? string.Create(CultureInfo.InvariantCulture, $"{sequence} {HeadHash}") : "none";

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Entries} entries, {Accounts} accounts, {Communities} communities, chain head {ChainHead}, {SizeBytes} bytes");

    /// <summary>The problems in one line, for a one-line error.</summary>
    public string ProblemLine => string.Join("; ", Problems);
}
