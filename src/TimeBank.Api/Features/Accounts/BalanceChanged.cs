using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Accounts;

/// <summary>
/// <c>balanceChanged</c>: tells each member whose account a ledger write changed its balance and available minutes
/// as the write left them. Every write that moves a member's minutes tells it (exchange steps, the joining grant).
/// </summary>
public static class BalanceChanged
{
    public static readonly EventTopic<BalanceChangedEvent> Topic = new("balanceChanged");

    /// <summary>
    /// Adds the events of <paramref name="written"/> for those of <paramref name="owners"/> whose account it changed:
    /// the ledger returns the figures with its result, so nothing is read back on its writer thread.
    /// </summary>
    public static void Tell(OutboxWriter outbox, LedgerResult written, IEnumerable<Member> owners)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(written);
        foreach (var owner in owners)
        {
            if (written.Balances.FirstOrDefault(b => b.AccountId == owner.AccountId) is { } balance)
            {
                outbox.Add(Topic, new BalanceChangedEvent(balance.AccountId, owner.Id, balance.BalanceMinutes, balance.AvailableMinutes), [owner.UserId]);
            }
        }
    }
}

/// <summary>An account's figures right after a change, told to its owner.</summary>
public sealed record BalanceChangedEvent(long AccountId, long MemberId, long BalanceMinutes, long AvailableMinutes);
