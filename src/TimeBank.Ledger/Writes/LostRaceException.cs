namespace TimeBank.Ledger.Writes;

/// <summary>
/// A row changed between read and write (another writer got there first). The writer retries the item from
/// the start; this is never shown to a caller as a rejection.
/// </summary>
internal sealed class LostRaceException(string message) : Exception(message);
