using GraphQL.Types;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>
/// Where a group exchange stands, derived from its completion and its shares' statuses rather than stored: each share
/// moves on its own (a receiver accepts, disputes, a coordinator resolves), so a stored status would be a second copy of
/// those moves to keep in step.
/// </summary>
public enum GroupExchangeStatus
{
    /// <summary>Not completed; some share is still REQUESTED or ACCEPTED.</summary>
    Open,

    /// <summary>Not completed, and every share was declined or cancelled: nothing is left to complete.</summary>
    Cancelled,

    /// <summary>Completed; some share still waits for its receiver (COMPLETED) or a coordinator (DISPUTED).</summary>
    Completed,

    /// <summary>Completed, and every share is final (SETTLED, CANCELLED or DECLINED).</summary>
    Settled,
}

public static class GroupExchangeStatuses
{
    public static GroupExchangeStatus Of(GroupExchange group, IEnumerable<Exchange> shares)
    {
        ArgumentNullException.ThrowIfNull(group);
        var statuses = shares.Select(s => s.Status).ToList();
        if (group.CompletedAt is null)
        {
            return statuses.Any(s => s is ExchangeStatus.Requested or ExchangeStatus.Accepted) ? GroupExchangeStatus.Open : GroupExchangeStatus.Cancelled;
        }
        return statuses.Any(s => s is ExchangeStatus.Completed or ExchangeStatus.Disputed) ? GroupExchangeStatus.Completed : GroupExchangeStatus.Settled;
    }
}

public sealed class GroupExchangeStatusType : EnumerationGraphType<GroupExchangeStatus>
{
    public GroupExchangeStatusType()
    {
        Name = "GroupExchangeStatus";
        Description = "Where a group exchange stands, derived from its completion and its shares.";
        Describe(GroupExchangeStatus.Open, "Not completed; some share is still REQUESTED or ACCEPTED.");
        Describe(GroupExchangeStatus.Cancelled, "Not completed, and every share was declined or cancelled; final.");
        Describe(GroupExchangeStatus.Completed, "The provider completed it; some share waits for its receiver to acknowledge or dispute, or for a coordinator.");
        Describe(GroupExchangeStatus.Settled, "Completed, and every share is SETTLED, CANCELLED or DECLINED; final.");
    }

    private void Describe(GroupExchangeStatus status, string description) => Values.Single(v => Equals(v.Value, status)).Description = description;
}
