using System.Diagnostics.Metrics;

namespace TimeBank.Api.Operations.Telemetry;

/// <summary>
/// The API's own instruments (the GraphQL layer and the ledger have theirs): outbox lag and login failures. Labels
/// are fixed sets; never an email, an address or a user id.
/// </summary>
public static class TimeBankMetrics
{
    /// <summary>The name of the API's <see cref="Meter"/>.</summary>
    public const string Name = "TimeBank.Api";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> OutboxLag = Meter.CreateHistogram(
        "timebank.outbox.lag", "s", "Time from an event's commit into the outbox to its publication to subscribers.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Counter<long> LoginFailures = Meter.CreateCounter<long>(
        "timebank.login.failures", "{attempt}", "Logins refused, by reason: invalid_credentials, locked_out, rate_limited.");

    /// <summary>An event committed at <paramref name="createdAt"/> went out at <paramref name="now"/>.</summary>
    public static void OutboxPublished(DateTime createdAt, DateTimeOffset now)
    {
        if (OutboxLag.Enabled)
        {
            OutboxLag.Record(Math.Max(0, (now.UtcDateTime - createdAt).TotalSeconds));
        }
    }

    /// <summary>A login was refused for <paramref name="reason"/> (one of the fixed reasons above).</summary>
    public static void LoginFailed(string reason) => LoginFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
