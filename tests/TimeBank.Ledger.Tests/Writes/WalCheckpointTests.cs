using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>
/// The writer's commits leave checkpointing to a connection beside it (<see cref="WalCheckpointer"/>): what it commits
/// reaches the database file soon without the writer doing it, and the WAL stays short however busy the writer is.
/// </summary>
public sealed class WalCheckpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CommittedEntriesReachTheDatabaseFileOnceEnoughPagesWaitWithoutAnotherCommit()
    {
        await using var db = await LedgerDatabase.CreateAsync(writerOptions: new LedgerWriterOptions { CheckpointPages = 1 });
        var written = await WriteAFewEntriesAsync(db);

        Assert.Equal(written, await EntriesInTheFileAloneAsync(db, until: count => count == written));
    }

    [Fact]
    public async Task WithZeroPagesSqliteKeepsThemInTheWalUntilAThousand()
    {
        await using var db = await LedgerDatabase.CreateAsync(writerOptions: new LedgerWriterOptions { CheckpointPages = 0 });
        var written = await WriteAFewEntriesAsync(db);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.NotEqual(written, await EntriesInTheFileAloneAsync(db, until: _ => true));
    }

    [Fact]
    public async Task TheWalStaysAboutAsShortAsWithSqlitesOwnCheckpointWhileTheWriterNeverPauses()
    {
        // On a memory-backed file, where fsync costs nothing and the writer commits all the time, a pass beside it always
        // ends in the middle of a batch; only the writer's own finish between batches lets the WAL start again from its
        // beginning. Without it the WAL grew to 17-33 MB here; SQLite's checkpoint in the commit keeps it near 4 MB.
        var sqlites = await LongestWalAsync(new LedgerWriterOptions { CheckpointPages = 0 });
        var besideTheWriter = await LongestWalAsync(new LedgerWriterOptions());

        Assert.InRange(besideTheWriter, 1, (2 * sqlites) + (1024 * 1024));
    }

    [Fact]
    public async Task TheWritersConnectionGoesBackToThePoolWithSqlitesOwnCheckpoint()
    {
        var db = await LedgerDatabase.CreateAsync();
        await using var _ = db;
        await WriteAFewEntriesAsync(db);
        await db.Writer.DisposeAsync();

        // Every connection the pool holds at once, the writer's among them: none may be left never checkpointing.
        var contexts = Enumerable.Range(0, 4).Select(_ => db.CreateContext()).ToList();
        try
        {
            foreach (var context in contexts)
            {
                await context.Database.OpenConnectionAsync();
                await using var command = context.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA wal_autocheckpoint";
                Assert.Equal(1000L, await command.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>16 callers write 16,000 entries as fast as the writer takes them; the WAL file's greatest length meanwhile.</summary>
    private static async Task<long> LongestWalAsync(LedgerWriterOptions options)
    {
        await using var db = await LedgerDatabase.CreateAsync(preferMemoryBackedFolder: true, writerOptions: options);
        var issuance = await db.OpenAccountAsync("issuance", floorMinutes: null, ceilingMinutes: null, kind: AccountKind.Issuance);
        var accounts = new long[16];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = await db.OpenAccountAsync($"member-{i}", floorMinutes: null, ceilingMinutes: null);
        }
        var walPath = db.FilePath + "-wal";
        long longest = 0;
        var callers = Enumerable.Range(0, accounts.Length).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var result = await db.SubmitAsync(db.Transfer(issuance, accounts[caller], 1));
                Assert.Equal(LedgerStatus.Ok, result.Status);
            }
        })).ToArray();
        while (!Task.WhenAll(callers).IsCompleted)
        {
            longest = Math.Max(longest, new FileInfo(walPath).Length);
            await Task.Delay(10);
        }
        await Task.WhenAll(callers);
        await db.AssertReconciledAsync();
        return Math.Max(longest, new FileInfo(walPath).Length);
    }

    private static async Task<int> WriteAFewEntriesAsync(LedgerDatabase db)
    {
        var issuance = await db.OpenAccountAsync("issuance", floorMinutes: null, ceilingMinutes: null, kind: AccountKind.Issuance);
        var member = await db.OpenAccountAsync("member");
        for (var i = 0; i < 5; i++)
        {
            await db.FundAsync(issuance, member, 10);
        }
        await using var context = db.CreateContext();
        return context.Set<LedgerEntry>().Count();
    }

    /// <summary>
    /// Counts the entries in a copy of the database file taken without its WAL, so only what a checkpoint copied into
    /// the file counts; copies again until <paramref name="until"/> holds or patience runs out.
    /// </summary>
    private static async Task<int> EntriesInTheFileAloneAsync(LedgerDatabase db, Func<int, bool> until)
    {
        var copy = Path.Combine(db.Folder, "file-alone.db");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var count = -1;
            try
            {
                File.Copy(db.FilePath, copy, overwrite: true);
                await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                // Before any checkpoint even the tables are only in the WAL.
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'LedgerEntries'";
                if (Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
                {
                    count = 0;
                }
                else
                {
                    command.CommandText = "SELECT count(*) FROM \"LedgerEntries\"";
                    count = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                }
            }
            catch (SqliteException) when (DateTime.UtcNow < deadline)
            {
                // A copy taken while a checkpoint wrote the file can be torn; the next one is not.
            }
            if ((count >= 0 && until(count)) || DateTime.UtcNow >= deadline)
            {
                return count;
            }
            await Task.Delay(20);
        }
    }
}
