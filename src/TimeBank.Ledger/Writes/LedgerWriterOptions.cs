namespace TimeBank.Ledger.Writes;

public sealed record LedgerWriterOptions
{
    /// <summary>Most items committed together; a bigger batch amortises the fsync over more callers.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How often an item that lost a race is retried before the caller gets the exception.</summary>
    public int MaxRaceRetries { get; init; } = 5;

    /// <summary>
    /// For a SQLite database in WAL mode: how many pages the writer writes to the WAL before a connection beside it
    /// copies them into the database file (<see cref="WalCheckpointer"/>); SQLite's own default is the same 1,000.
    /// Zero leaves checkpoints to SQLite, inside the writer's commits.
    /// </summary>
    public int CheckpointPages { get; init; } = 1000;

    /// <summary>
    /// The nice value the writer's thread asks Linux for (-20 highest, 19 lowest; the process's other threads keep theirs, usually 0). Every
    /// write in the process queues for this one thread, so each moment it waits for a core behind request threads is
    /// spent by all of them; above them, it runs as soon as its batch is ready. Raising a priority needs CAP_SYS_NICE or
    /// a nice limit that allows it; refused, the thread runs as before and <see cref="LedgerWriter{TContext}.Priority"/>
    /// says why. 0 asks for nothing.
    /// </summary>
    public int ThreadNice { get; init; } = -10;
}
