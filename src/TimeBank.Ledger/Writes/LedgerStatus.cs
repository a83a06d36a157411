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

    /// <summary>The entry's effective time is at or before the end of its group's last closed period.</summary>
    PeriodClosed,

    /// <summary>A period close that ends in the future, or not after the group's last close.</summary>
    InvalidPeriod,
}
