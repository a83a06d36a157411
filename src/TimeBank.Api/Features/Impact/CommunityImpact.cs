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
    /// Shapes the statements' rows: every month of the period (empty ones too, so a chart has no gaps), each with its
    /// categories, most minutes first, and the period's totals per category.
    /// </summary>
    public static CommunityImpact From(ImpactPeriod period, IReadOnlyList<MonthCategoryRow> exchanged, MemberRow members, IReadOnlyList<GiftRow> gifts, long achieved)
    {
        ArgumentNullException.ThrowIfNull(period);
        var months = period.Months
            .Select(start => new ImpactMonth(start, Ranked(exchanged.Where(r => r.Month == ImpactPeriod.Key(start)))))
            .ToList();
        var categories = Ranked(exchanged);
        var donated = gifts.SingleOrDefault(g => g.Kind == nameof(EntryKind.Donation));
        var contributed = gifts.SingleOrDefault(g => g.Kind == nameof(EntryKind.Contribution));
        return new CommunityImpact(period, months, categories, members,
            donated?.Minutes ?? 0, donated?.Entries ?? 0, contributed?.Minutes ?? 0, contributed?.Entries ?? 0, achieved);
    }

    // Rows summed per category (across months when there are several), most minutes first, then by category id with
    // the uncategorised last: a stable order a client can rely on.
    private static List<ImpactCategory> Ranked(IEnumerable<MonthCategoryRow> rows) =>
    [
        .. rows.GroupBy(r => r.CategoryId)
            .Select(g => new ImpactCategory(g.Key, g.Sum(r => r.Minutes), g.Sum(r => r.Exchanges)))
            .OrderByDescending(c => c.Minutes).ThenBy(c => c.CategoryId is null).ThenBy(c => c.CategoryId),
    ];
}

/// <summary>One calendar month (UTC) of the period: its exchanges per category.</summary>
public sealed record ImpactMonth(DateTime StartsAt, IReadOnlyList<ImpactCategory> Categories)
{
    public long Minutes => Categories.Sum(c => c.Minutes);

    public long Exchanges => Categories.Sum(c => c.Exchanges);
}

/// <summary>The exchanges of one category (null: direct exchanges, made without a listing).</summary>
public sealed record ImpactCategory(long? CategoryId, long Minutes, long Exchanges);
