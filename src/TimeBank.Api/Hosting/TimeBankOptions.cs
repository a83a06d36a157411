namespace TimeBank.Api.Hosting;

/// <summary>The <c>TimeBank</c> configuration section.</summary>
public sealed class TimeBankOptions
{
    public const string Section = "TimeBank";

    /// <summary>Folder for the SQLite file and generated keys; relative paths start at the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Pages the ledger writer writes to the WAL before a connection beside it checkpoints them; 0 leaves checkpoints
    /// to SQLite, inside the writer's commits (<see cref="TimeBank.Ledger.Writes.LedgerWriterOptions.CheckpointPages"/>).
    /// </summary>
    public int LedgerCheckpointPages { get; set; } = new TimeBank.Ledger.Writes.LedgerWriterOptions().CheckpointPages;

    /// <summary>
    /// The nice value the ledger writer's thread asks for; 0 asks for nothing
    /// (<see cref="TimeBank.Ledger.Writes.LedgerWriterOptions.ThreadNice"/>).
    /// </summary>
    public int LedgerWriterNice { get; set; } = new TimeBank.Ledger.Writes.LedgerWriterOptions().ThreadNice;
}
