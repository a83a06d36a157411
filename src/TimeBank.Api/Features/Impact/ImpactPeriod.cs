using System.Globalization;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Impact;

/// <summary>
/// The period <c>communityImpact</c> reports on: from (inclusive) to (exclusive), in UTC, spanning at most
/// <see cref="MaxMonths"/> calendar months, so the answer (and what it costs) is bounded whatever the caller asks.
/// </summary>
public sealed record ImpactPeriod(DateTime From, DateTime To)
{
    /// <summary>Five years of months: more than any report needs, and a bound on the months listed.</summary>
    public const int MaxMonths = 60;

    /// <summary>How long without an exchange makes a member quiet.</summary>
    public const int QuietDays = 90;

    /// <summary>The start of the quiet window: <see cref="QuietDays"/> days before <see cref="To"/>.</summary>
    public DateTime QuietSince => To.AddDays(-QuietDays);

    /// <summary>
    /// The whole calendar months inside the period, [start, end): read from the monthly rollup. When there is none, both
    /// are <see cref="To"/>, so the period is all one partial stretch, [<see cref="From"/>, <see cref="To"/>).
    /// </summary>
    public (DateTime From, DateTime To) WholeMonths => WholeMonthsOf(From, To);

    /// <summary>The whole calendar months inside the quiet window, [<see cref="QuietSince"/>, <see cref="To"/>).</summary>
    public (DateTime From, DateTime To) QuietWholeMonths => WholeMonthsOf(QuietSince, To);

    /// <summary>The first day of every calendar month the period touches, oldest first.</summary>
    public IReadOnlyList<DateTime> Months
    {
        get
        {
            var months = new List<DateTime>();
            for (var month = MonthOf(From); month < To; month = month.AddMonths(1))
            {
                months.Add(month);
            }
            return months;
        }
    }

    /// <summary>A month as the SQL groups it: the first seven characters of a stored time, "2026-12".</summary>
    public static string Key(DateTime month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The period asked for, or the refusal: INVALID_INPUT when it is empty, PERIOD_TOO_LONG past <see cref="MaxMonths"/> months.</summary>
    public static ImpactPeriod Of(DateTime from, DateTime to)
    {
        var period = new ImpactPeriod(Utc(from), Utc(to));
        if (period.To <= period.From)
        {
            throw new QueryError(new Failure(ErrorCode.InvalidInput, "The period is empty: `to` must be later than `from`.", "to"));
        }
        var months = MonthsTouched(period.From, period.To);
        if (months > MaxMonths)
        {
            throw new QueryError(new Failure(ErrorCode.PeriodTooLong,
                $"The period touches {months} calendar months; at most {MaxMonths} (five years) are reported at once.", "to"));
        }
        return period;
    }

    /// <summary>
    /// How many calendar months [<paramref name="from"/>, <paramref name="to"/>) touches, counted without building the
    /// list, so a period of centuries is refused at once.
    /// </summary>
    public static int MonthsTouched(DateTime from, DateTime to)
    {
        var last = MonthOf(Utc(to).AddTicks(-1));
        var first = MonthOf(Utc(from));
        return ((last.Year - first.Year) * 12) + last.Month - first.Month + 1;
    }

    // The months that start at or after from and end at or before to; (to, to) when no whole month fits.
    private static (DateTime From, DateTime To) WholeMonthsOf(DateTime from, DateTime to)
    {
        var first = MonthOf(from) == from ? from : MonthOf(from).AddMonths(1);
        var end = MonthOf(to);
        return first < end ? (first, end) : (to, to);
    }

    /// <summary>The first instant of the calendar month (UTC) <paramref name="at"/> falls in.</summary>
    public static DateTime MonthOf(DateTime at) => new(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime Utc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Utc => at,
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
    };
}
