namespace TimeBank.Ledger.Model;

/// <summary>
/// An account and its running totals. Only the ledger writer changes the totals; this class is the read
/// model, so every setter is private.
/// </summary>
public sealed partial class LedgerAccount
{
    private LedgerAccount()
    {
    }

    public long Id { get; private set; }

    /// <summary>Accounts of one group (one community) may post to each other and sum to zero.</summary>
    public string LedgerGroup { get; private set; } = "";

    /// <summary>The caller's name for the account, unique within its group.</summary>
    public string Code { get; private set; } = "";

    public AccountKind Kind { get; private set; }

    public AccountStatus Status { get; private set; }

    /// <summary>Lowest available balance allowed; null means unbounded.</summary>
    public long? FloorMinutes { get; private set; }

    /// <summary>Highest balance allowed, pending credits included; null means unbounded.</summary>
    public long? CeilingMinutes { get; private set; }

    public long DebitsPostedMinutes { get; private set; }

    public long CreditsPostedMinutes { get; private set; }

    public long DebitsPendingMinutes { get; private set; }

    public long CreditsPendingMinutes { get; private set; }

    /// <summary>Bumped on every change, so a writer that lost a race notices instead of overwriting.</summary>
    public long Version { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public long BalanceMinutes => CreditsPostedMinutes - DebitsPostedMinutes;

    public long AvailableMinutes => BalanceMinutes - DebitsPendingMinutes;

    /// <summary>
    /// What the account can still spend: its available minutes (held ones excluded) down to the floor, never less
    /// than zero (an account a stricter policy left below its floor can spend nothing). Null when there is no floor.
    /// A debit of exactly this many minutes passes the floor check; one more is <c>ExceedsFloor</c>.
    /// </summary>
    public long? SpendableMinutes => FloorMinutes is { } floor ? Math.Max(0, AvailableMinutes - floor) : null;
}
