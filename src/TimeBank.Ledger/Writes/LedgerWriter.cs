using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TimeBank.Ledger.Diagnostics;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// The one way into the ledger. Callers submit commands concurrently; a single loop, on a thread of its own, takes
/// whatever is queued and runs it in one transaction (group commit); a rejected or failing item is undone alone (see
/// <see cref="RunItemsAsync"/>). Each caller awaits its own result, which is only handed out after commit.
/// </summary>
/// <remarks>
/// Use one writer per database (a singleton): SQLite has one writer anyway, and one queue keeps the
/// fsync per batch instead of per caller. Another writer would still be correct (rows are re-read inside
/// the transaction and saved with a version check) but would only wait on the database lock.
/// </remarks>
public sealed class LedgerWriter<TContext> : IAsyncDisposable where TContext : DbContext
{
    private readonly Func<TContext> _createContext;
    private readonly TimeProvider _time;
    private readonly LedgerWriterOptions _options;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TContext? _context;
    private LedgerSession? _session;
    private WalCheckpointer? _checkpointer;

    public LedgerWriter(IDbContextFactory<TContext> contextFactory, TimeProvider? time = null, LedgerWriterOptions? options = null)
        : this(contextFactory is null ? throw new ArgumentNullException(nameof(contextFactory)) : contextFactory.CreateDbContext, time, options)
    {
    }

    public LedgerWriter(Func<TContext> createContext, TimeProvider? time = null, LedgerWriterOptions? options = null)
    {
        _createContext = createContext ?? throw new ArgumentNullException(nameof(createContext));
        _time = time ?? TimeProvider.System;
        _options = options ?? new LedgerWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ThreadNice, -20, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.ThreadNice, 19, nameof(options));
        // Its own thread, not the pool's: every write in the process waits on this one loop, so it should neither queue
        // behind request work for a pool thread nor share its priority (see LedgerWriterOptions.ThreadNice). Unsafe start:
        // whatever the first caller's async-locals hold is not the loop's.
        using var started = new ManualResetEventSlim();
        var thread = new Thread(() => Run(started)) { IsBackground = true, Name = ThreadName };
        thread.UnsafeStart();
        started.Wait();
    }

    /// <summary>The writer's thread's name, as the operating system shows it (<c>top -H</c>, <c>/proc/*/task/*/comm</c>).</summary>
    public const string ThreadName = "Ledger writer";

    /// <summary>The priority the writer's thread asked for and got (<see cref="LedgerWriterOptions.ThreadNice"/>).</summary>
    public WriterThreadPriority Priority { get; private set; } = null!;

    public Task<LedgerResult> SubmitAsync(LedgerCommand command, CancellationToken cancellationToken = default) =>
        SubmitAsync(command, (Func<TContext, LedgerResult, CancellationToken, Task>?)null, cancellationToken);

    public Task<LedgerResult> SubmitAsync(
        LedgerCommand command, Func<TContext, CancellationToken, Task>? alongside, CancellationToken cancellationToken = default) =>
        SubmitAsync(command, alongside is null ? null : (context, _, ct) => alongside(context, ct), cancellationToken);

    /// <summary>
    /// Queues a command. <paramref name="alongside"/> runs only when the command is accepted for the first
    /// time (not on a rejection, not on a replay), inside the same transaction, with the ledger's result; the
    /// writer saves the context's changes afterwards. If it throws, neither its changes nor the ledger rows
    /// persist and the exception reaches this caller alone.
    /// </summary>
    public Task<LedgerResult> SubmitAsync(
        LedgerCommand command,
        Func<TContext, LedgerResult, CancellationToken, Task>? alongside,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var span = LedgerTelemetry.StartWrite(command);
        var item = new WorkItem(command, alongside, cancellationToken) { Submitted = _time.GetTimestamp(), Span = span };
        if (!_queue.Writer.TryWrite(item))
        {
            span?.Dispose();
            throw new ObjectDisposedException(GetType().FullName);
        }
        LedgerTelemetry.Queued();
        return span is null ? item.Completion.Task : EndSpanAsync(item.Completion.Task, span);
    }

    private static async Task<LedgerResult> EndSpanAsync(Task<LedgerResult> answer, Activity span)
    {
        try
        {
            var result = await answer;
            LedgerTelemetry.End(span, result, null);
            return result;
        }
        catch (Exception ex)
        {
            LedgerTelemetry.End(span, null, ex);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task;
    }

    private void Run(ManualResetEventSlim started)
    {
        try
        {
            Priority = WriterThreadPriority.SetForCurrentThread(_options.ThreadNice);
        }
        finally
        {
            // Set even if that failed, or the constructor would wait for ever.
            started.Set();
        }
        try
        {
            Loop();
            _stopped.TrySetResult();
        }
#pragma warning disable CA1031 // Thrown on a thread of its own, it would end the process; DisposeAsync rethrows it instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _stopped.TrySetException(ex);
        }
    }

    /// <summary>
    /// The loop, synchronous on its own thread. SQLite's "async" calls complete synchronously, so waiting on them here
    /// blocks nothing that could run instead; should a callback really wait for something, the thread waits with it.
    /// </summary>
    private void Loop()
    {
        var batch = new List<WorkItem>(_options.MaxBatchSize);
        while (WaitForWork())
        {
            while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            LedgerTelemetry.Taken(batch.Count);
            using var span = LedgerTelemetry.StartBatch(batch.Select(i => i.Span?.Context ?? default), batch.Count);
            try
            {
                // Results are handed out only after the commit: nobody hears of a write that could still be lost.
                foreach (var (item, result) in ProcessBatchAsync(batch).GetAwaiter().GetResult())
                {
                    item.Completion.TrySetResult(result);
                    LedgerTelemetry.Written(item.Command, result, _time.GetElapsedTime(item.Submitted));
                }
                // After the answers: nobody waits on this but the next batch.
                FinishCheckpointAsync().GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // The loop must survive anything; the exception goes to the batch's callers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var item in batch)
                {
                    item.Completion.TrySetException(ex);
                }
            }
            batch.Clear();
        }
        DropConnectionAsync().GetAwaiter().GetResult();
    }

    private bool WaitForWork()
    {
        var ready = _queue.Reader.WaitToReadAsync();
        return ready.IsCompletedSuccessfully ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private async Task FinishCheckpointAsync()
    {
        if (_checkpointer is null || _context is null)
        {
            return;
        }
        try
        {
            await _checkpointer.FinishAsync(_context.Database.GetDbConnection());
        }
#pragma warning disable CA1031 // Not this batch's failure (it is committed and answered); the next one starts on a fresh connection.
        catch (Exception)
#pragma warning restore CA1031
        {
            await DropConnectionAsync();
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
            _checkpointer = null;
            if (_context is not null)
            {
                await WalCheckpointer.HandBackAsync(_context.Database.GetDbConnection());
            }
        }
        _session?.Dispose();
        _session = null;
        if (_context is not null)
        {
            await _context.DisposeAsync();
            _context = null;
        }
    }

    private async Task<List<(WorkItem Item, LedgerResult Result)>> ProcessBatchAsync(List<WorkItem> batch)
    {
        // The context, its connection and the prepared statements live across batches; anything going wrong
        // at batch level throws them away, so the next batch starts from a clean connection.
        try
        {
            if (_context is null || _session is null)
            {
                _context = _createContext();
                // Each item gets its own savepoint (see LedgerSession); EF's automatic one around SaveChanges would only add cost.
                _context.Database.AutoSavepointsEnabled = false;
                await _context.Database.OpenConnectionAsync();
                // A batch's savepoints journal the pages each item changes; past SQLite's 64 KiB the sub-journal spills to a
                // temporary file, one pwrite per page (three times the WAL's own writes under the settle benchmark). It only
                // ever holds one open batch, so memory is the right place for it.
                await _context.Database.ExecuteSqlRawAsync("PRAGMA temp_store=MEMORY;");
                _checkpointer = await WalCheckpointer.StartAsync(_context.Database.GetDbConnection(), _options.CheckpointPages);
                _session = new LedgerSession(_context.Database.GetDbConnection(), _time);
            }
            var (context, session) = (_context, _session);
            for (var safe = false; ; safe = true)
            {
                await using var transaction = await context.Database.BeginTransactionAsync();
                session.UseTransaction(transaction.GetDbTransaction());
                if (await RunItemsAsync(batch, context, session, safe) is { } done)
                {
                    await transaction.CommitAsync();
                    _checkpointer?.Committed();
                    return done;
                }
                // An item without a savepoint failed half-way: undo the whole batch and run it again, every
                // item in its own savepoint this time.
                await transaction.RollbackAsync();
                context.ChangeTracker.Clear();
            }
        }
        catch
        {
            await DropConnectionAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the batch's items. Items with a callback always get a savepoint. Items without one skip it unless
    /// <paramref name="safe"/>: a rejection writes nothing by construction, so only an unexpected failure
    /// needs undoing, and then this returns null and the batch is rerun safely (callers have heard nothing yet).
    /// </summary>
    private async Task<List<(WorkItem Item, LedgerResult Result)>?> RunItemsAsync(
        List<WorkItem> batch, TContext context, LedgerSession session, bool safe)
    {
        var done = new List<(WorkItem Item, LedgerResult Result)>(batch.Count);
        foreach (var item in batch)
        {
            // On a rerun, items already answered (failed or cancelled) stay answered and are not run again.
            if (item.Completion.Task.IsCompleted)
            {
                continue;
            }
            if (item.CancellationToken.IsCancellationRequested)
            {
                item.Completion.TrySetCanceled(item.CancellationToken);
                continue;
            }
            if (!safe && item.Alongside is null)
            {
                if (ExecuteWithoutSavepoint(session, item) is not { } fast)
                {
                    return null;
                }
                done.Add((item, fast));
                continue;
            }
            try
            {
                done.Add((item, await ExecuteAsync(context, session, item)));
            }
#pragma warning disable CA1031 // One item's failure is that caller's exception; the rest of the batch goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                item.Completion.TrySetException(ex);
            }
        }

        return done;
    }

    private static LedgerResult? ExecuteWithoutSavepoint(LedgerSession session, WorkItem item)
    {
        try
        {
            var result = session.Execute(item.Command);
            return result.Succeeded || !session.Wrote ? result : null;
        }
#pragma warning disable CA1031 // Any failure here only means "rerun this batch with savepoints", where it is reported.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private async Task<LedgerResult> ExecuteAsync(TContext context, LedgerSession session, WorkItem item)
    {
        for (var attempt = 0; ; attempt++)
        {
            session.BeginItem();
            try
            {
                var result = session.Execute(item.Command);
                if (result.Succeeded && !result.IsReplay && item.Alongside is not null)
                {
                    await item.Alongside(context, result, item.CancellationToken);
                    await context.SaveChangesAsync(item.CancellationToken);
                }
                if (result.Succeeded)
                {
                    session.CommitItem();
                }
                else
                {
                    session.RollBackItem();
                }
                if (item.Alongside is not null)
                {
                    context.ChangeTracker.Clear();
                }
                return result;
            }
            catch (LostRaceException) when (attempt < _options.MaxRaceRetries)
            {
                RollBack(context, session);
            }
            catch
            {
                RollBack(context, session);
                throw;
            }
        }
    }

    private static void RollBack(TContext context, LedgerSession session)
    {
        session.RollBackItem();
        context.ChangeTracker.Clear();
    }

    private sealed record WorkItem(
        LedgerCommand Command,
        Func<TContext, LedgerResult, CancellationToken, Task>? Alongside,
        CancellationToken CancellationToken)
    {
        public TaskCompletionSource<LedgerResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When it was queued, on the writer's clock.</summary>
        public long Submitted { get; init; }

        /// <summary>Its span, when something listens to the ledger's activity source.</summary>
        public Activity? Span { get; init; }
    }
}
