using System.IO.MemoryMappedFiles;
using Microsoft.Data.Sqlite;
using TimeBank.GraphQL.Reuse;
using TimeBank.Ledger;

namespace TimeBank.Api.Data;

/// <summary>
/// Which commit a SQLite database file is at, for <see cref="QueryResponseCache"/>, read where SQLite itself looks.
/// In WAL mode every connection finds the newest commit in the wal-index header at the start of the <c>-shm</c> file
/// (https://sqlite.org/walformat.html: <c>iChange</c>, "incremented with each transaction", and <c>mxFrame</c>); a writer
/// updates it before its commit returns, whichever connection or process wrote. This reads that header through a
/// read-only mapping of the same file, as SQLite's readers do, without a lock: two copies, equal only when no writer is
/// midway through updating them. Reading <c>PRAGMA data_version</c> would say the same at the cost of a read
/// transaction (two <c>fcntl</c> calls, several microseconds, on every request); it is the fallback when the file
/// cannot be mapped. A connection of this class's own stays open all along, so SQLite never removes the file while it
/// is mapped. Only for a database file: an in-memory database has no <c>-shm</c> file, and connections to a shared one
/// share one pager, which sees no change from the others.
/// </summary>
public sealed class SqliteDataVersion : IDataVersion, IDisposable
{
    // WalIndexHdr, twice at the start of the file: 48 bytes each (u32 iVersion, u32 unused, u32 iChange, u8 isInit, ...,
    // u32 mxFrame at 16).
    private const int HeaderBytes = 48;
    private const int ChangeOffset = 8;
    private const int IsInitOffset = 12;
    private const int MaxFrameOffset = 16;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _pragma;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _header;
    private bool _disposed;

    public SqliteDataVersion(string connectionString)
    {
        var options = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        _connection = new SqliteConnection(options.ToString());
        _connection.Open();
        SqliteConnectionSettings.Apply(_connection);
        _pragma = _connection.CreateCommand();
        _pragma.CommandText = "PRAGMA query_only=1; PRAGMA cache_size=-64;";
        _pragma.ExecuteNonQuery();
        _pragma.CommandText = "PRAGMA data_version;";
        _pragma.Prepare();
        // A read makes SQLite create and map the -shm file, so it exists to map here.
        _pragma.ExecuteScalar();
        if (!SqliteConnectionSettings.InWalMode(_connection))
        {
            // An -shm file left from an earlier life in WAL mode would never move again: the pragma answers instead.
            return;
        }
        try
        {
            var shm = Path.GetFullPath(options.DataSource) + "-shm";
            _map = MemoryMappedFile.CreateFromFile(
                new FileStream(shm, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete),
                mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            _header = _map.CreateViewAccessor(0, 2 * HeaderBytes, MemoryMappedFileAccess.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _header?.Dispose();
            _map?.Dispose();
            (_header, _map) = (null, null);
        }
    }

    /// <summary>Whether the version is read from the mapped wal-index header (else from <c>PRAGMA data_version</c>).</summary>
    public bool ReadsTheHeader => _header is not null;

    /// <summary>Whether the connection string names a database file this can follow.</summary>
    public static bool Follows(string connectionString)
    {
        var options = new SqliteConnectionStringBuilder(connectionString);
        return options.Mode != SqliteOpenMode.Memory && options.Cache != SqliteCacheMode.Shared
            && options.DataSource is not ":memory:" && !string.IsNullOrEmpty(options.DataSource)
            && !options.DataSource.StartsWith("file:", StringComparison.Ordinal);
    }

    public bool TryRead(out long version)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_header is { } header)
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                // SQLite's own order: the first copy, a barrier, the second; a writer writes them the other way round.
                var (change, frame, init) = Read(header, 0);
                Interlocked.MemoryBarrier();
                var second = Read(header, HeaderBytes);
                if (init != 0 && (change, frame, init) == second)
                {
                    version = ((long)change << 32) | frame;
                    return true;
                }
                Thread.SpinWait(20);
            }
            // A writer is midway: nothing is looked up or kept for this request.
            version = 0;
            return false;
        }
        lock (_gate)
        {
            version = (long)_pragma.ExecuteScalar()!;
            return true;
        }
    }

    private static (uint Change, uint Frame, byte Init) Read(MemoryMappedViewAccessor header, int at) =>
        (header.ReadUInt32(at + ChangeOffset), header.ReadUInt32(at + MaxFrameOffset), header.ReadByte(at + IsInitOffset));

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _header?.Dispose();
            _map?.Dispose();
            _pragma.Dispose();
            _connection.Dispose();
        }
    }
}
