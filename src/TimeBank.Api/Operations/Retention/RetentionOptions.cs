namespace TimeBank.Api.Operations.Retention;

/// <summary>The <c>Retention</c> configuration section: what the retention job deletes, and how often it runs.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Time between two runs (the first is at start).</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delivered outbox events are deleted this long after their delivery.</summary>
    public TimeSpan OutboxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rows deleted per statement; each batch is its own short write, so the ledger's writer waits at most for one.</summary>
    public int BatchSize { get; set; } = 500;
}
