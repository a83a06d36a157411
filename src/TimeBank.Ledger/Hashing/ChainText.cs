namespace TimeBank.Ledger.Hashing;

/// <summary>
/// The canonical texts of the records a community chain covers besides entries (see <see cref="EntryHash.CanonicalText"/>
/// for those), in the <see cref="CanonicalWriter"/> format. Documented in docs/ledger.md so anyone can recompute a link.
/// </summary>
internal static class ChainText
{
    /// <summary>
    /// An account as opened: its limits then, not now (later changes have their own <c>limits</c> records); <paramref name="kind"/>
    /// is the kind's name (<c>Member</c>, <c>Fund</c>, <c>Pool</c>, <c>Issuance</c>).
    /// </summary>
    public static byte[] Account(long id, string ledgerGroup, string code, string kind, long? floorMinutes, long? ceilingMinutes, long recordedUnixMs)
    {
        var writer = new CanonicalWriter();
        writer.Add("ledger-account", "v1");
        writer.Add("id", id);
        writer.Add("group", ledgerGroup);
        writer.Add("code", code);
        writer.Add("kind", kind);
        writer.Add("floor", floorMinutes);
        writer.Add("ceiling", ceilingMinutes);
        writer.Add("recorded", recordedUnixMs);
        return writer.ToBytes();
    }

    public static byte[] Limits(long id, long accountId, long fromSequence, long? floorMinutes, long? ceilingMinutes, long recordedUnixMs)
    {
        var writer = new CanonicalWriter();
        writer.Add("ledger-limits", "v1");
        writer.Add("id", id);
        writer.Add("account", accountId);
        writer.Add("fromSequence", fromSequence);
        writer.Add("floor", floorMinutes);
        writer.Add("ceiling", ceilingMinutes);
        writer.Add("recorded", recordedUnixMs);
        return writer.ToBytes();
    }

    public static byte[] Close(long id, string ledgerGroup, long endsAtUnixMs, long lastSequence, string balancesDigest, long recordedUnixMs)
    {
        var writer = new CanonicalWriter();
        writer.Add("ledger-close", "v1");
        writer.Add("id", id);
        writer.Add("group", ledgerGroup);
        writer.Add("endsAt", endsAtUnixMs);
        writer.Add("lastSequence", lastSequence);
        writer.Add("balances", balancesDigest);
        writer.Add("recorded", recordedUnixMs);
        return writer.ToBytes();
    }

    /// <summary>SHA-256 (lowercase hex) of <c>account=&lt;id&gt;\nbalance=&lt;minutes&gt;\n</c> per account, in the order given (id order).</summary>
    public static string BalancesDigest(IEnumerable<(long AccountId, long BalanceMinutes)> balances)
    {
        var writer = new CanonicalWriter();
        foreach (var (accountId, balanceMinutes) in balances)
        {
            writer.Add("account", accountId);
            writer.Add("balance", balanceMinutes);
        }
        return writer.ToSha256Hex();
    }
}
