namespace TimeBank.Api.Data.Entities;

/// <summary>
/// How far the outbox has been delivered: every event with an id up to <see cref="DispatchedThroughId"/> was published.
/// One row, moved forward by the dispatcher. A mark per event would be a write per event: at a thousand settlements a
/// second, five thousand rows (and their index entries) rewritten every second while the ledger's writer waited.
/// </summary>
public sealed class OutboxMark
{
    /// <summary>The one row's key.</summary>
    public const int TheRow = 1;

    public int Id { get; set; }

    /// <summary>The newest event id published (ids commit in order, so every smaller one was published too); 0 before any.</summary>
    public long DispatchedThroughId { get; set; }
}
