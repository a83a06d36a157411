using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Copies the ledger writer's committed WAL pages into the database file on a connection of its own, so the
/// writer's commits no longer do it. SQLite's automatic checkpoint runs inside the commit that takes the WAL past
/// 1,000 pages: every caller in that batch, and every caller queued behind it, waits out the copy and the file's
/// fsync. Here a pass starts when the writer has written as many pages, counted as SQLite counts them.
/// </summary>
/// <remarks>
/// The WAL starts again from its beginning only when a write transaction began after every page was copied. A pass
/// beside a busy writer ends in the middle of one of its batches, which then commits on top of the old WAL. So after
/// each pass the writer copies what is left itself, between two of its batches (<see cref="FinishAsync"/>): usually
/// one batch's pages or none. Its next commit restarts the WAL, which stays about as long as with SQLite's own
/// checkpoint.
/// </remarks>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private const int CacheWrite = 9; // SQLITE_DBSTATUS_CACHE_WRITE: in WAL mode, the pages a connection wrote to the WAL.
    private const string PassiveCheckpoint = "PRAGMA wal_checkpoint(PASSIVE);";

    // Where the passes stand: caught up; a pass done, the writer's finish awaited; the loop failed; SQLite's own back.
    private const int CaughtUp = 0;
    private const int Passed = 1;
    private const int Failed = 2;
    private const int HandedBack = 3;

    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private readonly int _pagesPerPass;
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly SemaphoreSlim _finished = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _state = CaughtUp;
    private long _pages;

    private WalCheckpointer(SqliteConnection writer, SqliteConnection connection, int pagesPerPass)
    {
        _writer = writer;
        _connection = connection;
        _checkpoint = Passive(connection);
        _pagesPerPass = pagesPerPass;
        PagesWritten(reset: true);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Takes over checkpointing from <paramref name="writerConnection"/> (an open connection), when that is a WAL
    /// database in a file; null otherwise (an in-memory database, another provider, no second connection to be had),
    /// and the writer keeps SQLite's own.
    /// </summary>
    public static async Task<WalCheckpointer?> StartAsync(DbConnection writerConnection, int pagesPerPass)
    {
        if (pagesPerPass <= 0
            || writerConnection is not SqliteConnection { DataSource: { Length: > 0 } file } writer
            || file == ":memory:"
            || !SqliteConnectionSettings.InWalMode(writer))
        {
            return null;
        }
        // Its own native connection, not one from the writer's pool, and closed for good when disposed.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(writer.ConnectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync();
            SqliteConnectionSettings.Apply(connection);
        }
#pragma warning disable CA1031 // Without a connection of its own, SQLite's checkpoint in the writer's commits stays: slower, not wrong.
        catch (Exception)
#pragma warning restore CA1031
        {
            await connection.DisposeAsync();
            return null;
        }
        await ScalarAsync(writer, "PRAGMA wal_autocheckpoint=0;");
        return new WalCheckpointer(writer, connection, pagesPerPass);
    }

    /// <summary>The writer committed (on its own thread, between its transactions): a pass starts once enough pages wait.</summary>
    public void Committed()
    {
        if (Interlocked.Add(ref _pages, PagesWritten(reset: true)) >= _pagesPerPass)
        {
            _due.Writer.TryWrite(true);
        }
    }

    /// <summary>
    /// Between the writer's batches, on its connection: after a pass, copies what commits added meanwhile, with no
    /// commit running beside it, so the writer's next batch begins on a copied WAL and its commit restarts it.
    /// Should the pass loop ever fail, this hands checkpointing back to SQLite, so the WAL never grows unchecked.
    /// </summary>
    public async Task FinishAsync(DbConnection writerConnection)
    {
        switch (Interlocked.CompareExchange(ref _state, CaughtUp, Passed))
        {
            case Passed:
                try
                {
                    await ScalarAsync(writerConnection, PassiveCheckpoint);
                }
                finally
                {
                    _finished.Release();
                }
                break;
            case Failed:
                await HandBackAsync(writerConnection);
                Volatile.Write(ref _state, HandedBack);
                break;
        }
    }

    /// <summary>
    /// Gives the writer's connection SQLite's own checkpoint back (when the writer lets go of it, to the connection pool):
    /// another context that gets it later must not be left committing without one.
    /// </summary>
    public static async Task HandBackAsync(DbConnection writerConnection)
    {
        try
        {
            await ScalarAsync(writerConnection, "PRAGMA wal_autocheckpoint=1000;");
        }
#pragma warning disable CA1031 // A connection too broken for a pragma is not reused.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _due.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        await _checkpoint.DisposeAsync();
        await _connection.DisposeAsync();
        _finished.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _due.Reader.WaitToReadAsync(_stop.Token))
            {
                _due.Reader.TryRead(out _);
                Interlocked.Exchange(ref _pages, 0);
                await _checkpoint.ExecuteNonQueryAsync(_stop.Token);
                // Even a pass that copied everything leaves the WAL growing while the writer's current batch (its read
                // snapshot taken before the pass ended) commits on top of it. The writer finishes between two batches,
                // and its next one restarts the WAL. Until then no pass: one beside it would take the checkpoint lock.
                Interlocked.CompareExchange(ref _state, Passed, CaughtUp);
                await _finished.WaitAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Whatever stopped the passes, the writer's own checkpoint takes over (FinishAsync).
        catch (Exception)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _state, Failed);
        }
    }

    private int PagesWritten(bool reset)
    {
        var status = SQLitePCL.raw.sqlite3_db_status(_writer.Handle, CacheWrite, out var pages, out _, reset ? 1 : 0);
        return status == SQLitePCL.raw.SQLITE_OK ? pages : _pagesPerPass;
    }

    private static SqliteCommand Passive(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = PassiveCheckpoint;
        return command;
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
