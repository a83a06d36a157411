using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Erases memos, which may be personal data, from the journal: those of the entries and holds chosen by
/// entry sequence, by party (an actor or principal id) or by account (every entry posting to it and every hold
/// on it). Amounts, parties and hashes stay, and the chain still verifies: since hash format 2 it commits to
/// a salted digest of each memo, and the memo goes together with its salt. Entries of format 1 committed to the
/// memo itself and keep it. The operations that carried an erased memo forget their request hash (it was
/// computed over the memo), so a later retry with such a key is an idempotency conflict.
/// </summary>
public sealed record EraseMemos : LedgerCommand
{
    public IReadOnlyList<long> EntrySequences { get; init; } = [];

    public IReadOnlyList<string> PartyIds { get; init; } = [];

    public IReadOnlyList<long> AccountIds { get; init; } = [];

    internal override string CommandType => "EraseMemos";

    internal override void WriteContent(CanonicalWriter writer)
    {
        foreach (var sequence in EntrySequences)
        {
            writer.Add("entry", sequence);
        }
        foreach (var party in PartyIds)
        {
            writer.Add("party", party);
        }
        foreach (var account in AccountIds)
        {
            writer.Add("account", account);
        }
    }

    internal override LedgerResult Apply(LedgerSession session) => new(LedgerStatus.Ok)
    {
        AffectedCount = session.EraseMemos(EntrySequences, PartyIds, AccountIds),
        RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
    };
}
