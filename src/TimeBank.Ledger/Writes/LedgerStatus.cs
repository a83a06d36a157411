namespace TimeBank.Ledger.Writes;

/// <summary>
/// The outcome of one write. Everything but <see cref="Ok"/> is a rejection that changed nothing; the API
/// maps these to its error codes in one place.
/// </summary>
public enum LedgerStatus
{
    Ok,
    InvalidCommand,
    InvalidAmount,
    InvalidPostings,
    InvalidKind,
    InvalidLimits,
    IdempotencyConflict,
    AccountNotFound,
    AccountExists,
    AccountClosed,
    AccountNotEmpty,
    LedgerGroupMismatch,
    ExceedsFloor,
    ExceedsCeiling,
    HoldNotFound,
    HoldNotPending,
    HoldExpired,
    AmountExceedsHold,
    EntryNotFound,
    AlreadyReversed,
}
