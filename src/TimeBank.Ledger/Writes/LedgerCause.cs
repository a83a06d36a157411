namespace TimeBank.Ledger.Writes;

/// <summary>What caused a write, in the caller's terms (e.g. type "exchange", id "42").</summary>
public sealed record LedgerCause(string Type, string Id);
