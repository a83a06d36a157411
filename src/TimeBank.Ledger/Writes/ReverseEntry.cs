using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Corrects a mistake by posting the mirror image of an entry. An entry is reversed at most once (a unique
/// index backs this), and the reversal obeys limits like any other entry.
/// </summary>
public sealed record ReverseEntry(long EntrySequence) : LedgerCommand
{
    internal override string CommandType => "ReverseEntry";

    internal override void WriteContent(CanonicalWriter writer) => writer.Add("entry", EntrySequence);

    internal override LedgerResult Apply(LedgerSession session)
    {
        var original = session.LoadPostings(EntrySequence);
        if (original.Count == 0)
        {
            return LedgerResult.Rejected(LedgerStatus.EntryNotFound);
        }
        if (session.IsReversed(EntrySequence))
        {
            return LedgerResult.Rejected(LedgerStatus.AlreadyReversed);
        }
        var loaded = session.LoadAccounts(original.Select(p => p.AccountId), out var accounts);
        if (loaded != LedgerStatus.Ok)
        {
            return LedgerResult.Rejected(loaded);
        }

        var mirrored = original
            .Select(p => p with { Side = p.Side == PostingSide.Debit ? PostingSide.Credit : PostingSide.Debit })
            .ToList();
        return session.PostEntry(this, EntryKind.Reversal, mirrored, accounts, reversesSequence: EntrySequence);
    }
}
