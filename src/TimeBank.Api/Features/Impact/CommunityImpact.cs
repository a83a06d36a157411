using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Impact;

/// <summary>What a community did together over a period; each figure is defined in docs/impact.md.</summary>
public sealed record CommunityImpact(
    ImpactPeriod Period,
    IReadOnlyList<ImpactMonth> Months,
    IReadOnlyList<ImpactCategory> Categories,
    MemberRow Members,
    long MinutesDonated,
    long Donations,
    long MinutesContributed,
    long Contributions,
    long ChallengesAchieved)
{
    public long MinutesExchanged => Months.Sum(m => m.Minutes);

    public long Exchanges => Months.Sum(m => m.Exchanges);

    /// <summary>Members who both gave and received, as a share of those who did either; null when nobody did.</summary>
    public double? ReciprocityShare => Members.Active == 0 ? null : (double)Members.Reciprocal / Members.Active;

    /// <summary>
    /// Shapes the statements' rows: every month of the period (empty ones too, so a chart has no gaps), and per category
    /// its totals with one figure per month, in the months' order.
    /// </summary>
    public static CommunityImpact From(ImpactPeriod period, IReadOnlyList<MonthCategoryRow> exchanged, MemberRow members, IReadOnlyList<GiftRow> gifts, long achieved)
    {
        ArgumentNullException.ThrowIfNull(period);
        var keys = period.Months.Select(ImpactPeriod.Key).ToList();
        var months = period.Months
            .Select(start => new ImpactMonth(start,
                exchanged.Where(r => r.Month == ImpactPeriod.Key(start)).Sum(r => r.Minutes),
                exchanged.Where(r => r.Month == ImpactPeriod.Key(start)).Sum(r => r.Exchanges)))
            .ToList();
        // Most minutes first, then by category id with the uncategorised last: an order a client can rely on.
        var categories = exchanged.GroupBy(r => r.CategoryId)
            .Select(g => new ImpactCategory(g.Key,
                [.. keys.Select(k => g.Where(r => r.Month == k).Sum(r => r.Minutes))],
                [.. keys.Select(k => g.Where(r => r.Month == k).Sum(r => r.Exchanges))]))
            .OrderByDescending(c => c.Minutes).ThenBy(c => c.CategoryId is null).ThenBy(c => c.CategoryId)
            .ToList();
        var donated = gifts.SingleOrDefault(g => g.Kind == nameof(EntryKind.Donation));
        var contributed = gifts.SingleOrDefault(g => g.Kind == nameof(EntryKind.Contribution));
        return new CommunityImpact(period, months, categories, members,
            donated?.Minutes ?? 0, donated?.Entries ?? 0, contributed?.Minutes ?? 0, contributed?.Entries ?? 0, achieved);
    }
}

/// <summary>One calendar month (UTC) of the period: its exchanges, all categories together.</summary>
public sealed record ImpactMonth(DateTime StartsAt, long Minutes, long Exchanges);

/// <summary>
/// The exchanges of one category (null: direct exchanges, made without a listing) over the period, and month by month
/// in the order of <see cref="CommunityImpact.Months"/>.
/// </summary>
public sealed record ImpactCategory(long? CategoryId, IReadOnlyList<long> MinutesByMonth, IReadOnlyList<long> ExchangesByMonth)
{
    public long Minutes => MinutesByMonth.Sum();

    public long Exchanges => ExchangesByMonth.Sum();
}
