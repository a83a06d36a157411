using FluentValidation;
using TimeBank.Api.Features.Exchanges;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>The rules a group exchange's inputs share: how many receivers, and each one's minutes.</summary>
public static class GroupExchangeRules
{
    /// <summary>
    /// Receivers per group, at most. A workshop or a class is a room of people, not a broadcast; the bound keeps a
    /// proposal and a completion (one row, one timeline step and one event per share, in one transaction) small.
    /// </summary>
    public const int MaxReceivers = 50;

    /// <summary>At least two receivers: with one, it is an ordinary exchange (proposeExchange).</summary>
    public const int MinReceivers = 2;

    /// <summary>The minutes of one share: as an exchange's.</summary>
    public static void Minutes<T>(IRuleBuilder<T, int> rule) => ExchangeStart.Minutes(rule);

    /// <summary>Each receiver is named once: a second share for the same person would be a second exchange with them.</summary>
    public static bool Distinct(IEnumerable<long> receiverMemberIds) =>
        receiverMemberIds.GroupBy(id => id).All(g => g.Count() == 1);
}
