using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>An account as loaded inside the write transaction, changed in memory and then saved.</summary>
internal sealed class AccountState
{
    public required long Id { get; init; }

    public required string LedgerGroup { get; init; }

    public required AccountStatus Status { get; set; }

    public required long? FloorMinutes { get; init; }

    public required long? CeilingMinutes { get; init; }

    public required long DebitsPostedMinutes { get; set; }

    public required long CreditsPostedMinutes { get; set; }

    public required long DebitsPendingMinutes { get; set; }

    public required long CreditsPendingMinutes { get; set; }

    /// <summary>The version read; the save only succeeds if nobody changed the row since.</summary>
    public required long Version { get; init; }

    public DateTimeOffset? ClosedAt { get; set; }

    public long BalanceMinutes => CreditsPostedMinutes - DebitsPostedMinutes;

    public long AvailableMinutes => BalanceMinutes - DebitsPendingMinutes;

    /// <summary>The highest the balance could reach if every pending credit posts.</summary>
    public long ReachableMinutes => BalanceMinutes + CreditsPendingMinutes;

    private long AvailableBeforeMinutes { get; set; }

    private long ReachableBeforeMinutes { get; set; }

    public void MarkLoaded()
    {
        AvailableBeforeMinutes = AvailableMinutes;
        ReachableBeforeMinutes = ReachableMinutes;
    }

    public void Apply(PostingSide side, long amountMinutes)
    {
        if (side == PostingSide.Debit)
        {
            DebitsPostedMinutes += amountMinutes;
        }
        else
        {
            CreditsPostedMinutes += amountMinutes;
        }
    }

    /// <summary>
    /// A change may not take the account past a limit. A change that moves it away from the limit is
    /// allowed, so an account left outside a limit by a policy change can still be brought back.
    /// </summary>
    public LedgerStatus CheckLimits()
    {
        if (FloorMinutes is { } floor && AvailableMinutes < floor && AvailableMinutes < AvailableBeforeMinutes)
        {
            return LedgerStatus.ExceedsFloor;
        }
        if (CeilingMinutes is { } ceiling && ReachableMinutes > ceiling && ReachableMinutes > ReachableBeforeMinutes)
        {
            return LedgerStatus.ExceedsCeiling;
        }
        return LedgerStatus.Ok;
    }
}
