using System.Diagnostics;
using System.Diagnostics.Metrics;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Diagnostics;

/// <summary>
/// What the ledger's writer tells an operator: its queue, its batches, how long a write waits for its commit, and a
/// span per write and per batch. Only <c>System.Diagnostics</c>: the host decides whether anything listens (an
/// instrument nobody listens to costs a flag check), and what exports it.
/// </summary>
/// <remarks>
/// Labels are the command's type and the write's status, both fixed sets: nothing a caller wrote (ids, memos,
/// keys) ever becomes a label or a span attribute.
/// </remarks>
public static class LedgerTelemetry
{
    /// <summary>The name of the ledger's <see cref="Meter"/> and <see cref="ActivitySource"/>.</summary>
    public const string Name = "TimeBank.Ledger";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    // Seconds: a group commit takes a few milliseconds on a healthy disk, seconds on a struggling one.
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>(
        "timebank.ledger.writer.queue.depth", "{command}", "Commands waiting for the ledger writer's next batch.");

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram(
        "timebank.ledger.writer.batch.size", "{command}", "Commands committed together in one ledger transaction (group commit).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram(
        "timebank.ledger.write.duration", "s", "Time from submitting a ledger command to its commit (queue wait included).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Histogram<double> SettleDuration = Meter.CreateHistogram(
        "timebank.ledger.settle.duration", "s", "Time from submitting a write that moves minutes (a transfer, a hold posted) to its commit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    internal static void Queued() => QueueDepth.Add(1);

    internal static void Taken(int count)
    {
        QueueDepth.Add(-count);
        BatchSize.Record(count);
    }

    internal static void Written(LedgerCommand command, LedgerResult result, TimeSpan elapsed)
    {
        if (!WriteDuration.Enabled && !SettleDuration.Enabled)
        {
            return;
        }
        var tags = new TagList
        {
            { "ledger.command", command.CommandType },
            { "ledger.status", result.IsReplay ? "Replay" : StatusName(result.Status) },
        };
        WriteDuration.Record(elapsed.TotalSeconds, tags);
        if (command is Transfer or PostHold)
        {
            SettleDuration.Record(elapsed.TotalSeconds, tags);
        }
    }

    /// <summary>A span for one command, from its submission to its answer, under the caller's span.</summary>
    internal static Activity? StartWrite(LedgerCommand command)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var caller = Activity.Current;
        var activity = Source.StartActivity("ledger.write " + command.CommandType);
        activity?.SetTag("ledger.command", command.CommandType);
        // The span lives until the writer's loop answers; the caller's own code goes on under its own span meanwhile.
        Activity.Current = caller;
        return activity;
    }

    /// <summary>A span for one batch's transaction, linked to the spans of the writes it carries.</summary>
    internal static Activity? StartBatch(IEnumerable<ActivityContext> writes, int count)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var links = writes.Where(w => w != default).Select(w => new ActivityLink(w));
        var activity = Source.StartActivity("ledger.commit", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("ledger.batch.size", count);
        return activity;
    }

    internal static void End(Activity? activity, LedgerResult? result, Exception? failure)
    {
        if (activity is null)
        {
            return;
        }
        if (result is not null)
        {
            activity.SetTag("ledger.status", result.IsReplay ? "Replay" : StatusName(result.Status));
        }
        if (failure is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }
        activity.Dispose();
    }

    // Enum names are a fixed set; cached so a hot write does not format one each time.
    private static readonly string[] StatusNames = Enum.GetNames<LedgerStatus>();

    private static string StatusName(LedgerStatus status) =>
        (int)status >= 0 && (int)status < StatusNames.Length ? StatusNames[(int)status] : "Unknown";
}
